<?xml version="1.0" encoding="UTF-8"?>
<!-- Collection index: every built document by date, with title, languages and links to its views.
     Input: <collection><doc id tei parallel diplomatic reading><tei:teiHeader/><division type lang/></doc></collection>
     (each header without its encodingDesc),
     assembled by render.index_source, so the stylesheet reads no file itself. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:import href="common.xsl"/>
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:param name="index-title" select="'Documents'"/>
  <!-- The index page's script also loads Pagefind's module and index from the build folder. -->
  <xsl:variable name="csp-script">
    <xsl:if test="$script != '' and $script-hash != ''">
      <xsl:value-of select="concat('; script-src ', $script-hash, &quot; 'self' 'wasm-unsafe-eval'; connect-src 'self'&quot;)"/>
    </xsl:if>
  </xsl:variable>
  <!-- The index shows no hands, and common.xsl's $hand-notes would search the whole collection. -->
  <xsl:variable name="hand-notes" select="/.."/>

  <xsl:template match="/">
    <html lang="en">
      <xsl:call-template name="html-head"><xsl:with-param name="page-title" select="$index-title"/></xsl:call-template>
      <body class="view-index">
        <main>
          <h1><xsl:value-of select="$index-title"/></h1>
          <p class="count"><xsl:value-of select="count(collection/doc)"/> documents, by date.</p>
          <xsl:call-template name="find"/>
          <table class="index">
            <thead>
              <tr><th scope="col" data-sortable="">Date</th><th scope="col" data-sortable="">Title</th>
                <th scope="col" data-sortable="">From → To</th><th scope="col">Languages</th><th scope="col">Views</th></tr>
            </thead>
            <tbody>
              <xsl:for-each select="collection/doc">
                <!-- Undated documents go last; ISO dates sort as text. -->
                <xsl:sort select="number(not(tei:teiHeader//tei:origDate[@when or @notBefore]))" data-type="number"/>
                <xsl:sort select="concat((tei:teiHeader//tei:origDate)[1]/@when, (tei:teiHeader//tei:origDate)[1]/@notBefore)"/>
                <xsl:sort select="normalize-space(tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[1])"/>
                <xsl:apply-templates select="."/>
              </xsl:for-each>
            </tbody>
          </table>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- Search (Pagefind, when the build made its index) and the filters the script adds; without
       the script, or opened as a file, the table is still there in date order. -->
  <xsl:template name="find">
    <section class="find" aria-label="Search and filter">
      <p class="serve-note">Full-text search works when the edition is served over HTTP, not opened as a file:
        run <code>python -m http.server</code> in this folder and open <code>http://localhost:8000/</code>.
        The list below can be filtered and sorted either way.</p>
      <form id="search" role="search" hidden="" data-pagefind="./pagefind/pagefind.js">
        <label for="search-words">Search the edition</label>
        <input type="search" id="search-words" name="q"/>
        <button type="submit">Search</button>
      </form>
      <div id="search-results" aria-live="polite"></div>
      <div id="browse" class="browse"></div>
      <p id="shown-count" aria-live="polite"></p>
    </section>
  </xsl:template>

  <xsl:template match="doc">
    <xsl:variable name="h" select="tei:teiHeader"/>
    <xsl:variable name="date" select="($h//tei:origDate)[1]"/>
    <tr id="doc-{@id}" data-year="{@facet-year}" data-language="{@facet-language}" data-genre="{@facet-genre}"
        data-sender="{@facet-sender}" data-recipient="{@facet-recipient}">
      <td class="date" data-sort="{($date/@when | $date/@notBefore)[1]}">
        <xsl:if test="$date"><xsl:call-template name="date-text"><xsl:with-param name="date" select="$date"/></xsl:call-template></xsl:if>
      </td>
      <td class="title"><a href="{@reading}"><xsl:value-of select="normalize-space($h/tei:fileDesc/tei:titleStmt/tei:title[1])"/></a></td>
      <td class="parties">
        <xsl:if test="@facet-sender != '' or @facet-recipient != ''">
          <xsl:value-of select="@facet-sender"/><xsl:text> → </xsl:text><xsl:value-of select="@facet-recipient"/>
        </xsl:if>
      </td>
      <td class="languages">
        <xsl:for-each select="division">
          <xsl:variable name="code" select="@lang"/>
          <xsl:variable name="name" select="$h/tei:profileDesc/tei:langUsage/tei:language[@ident = $code]"/>
          <xsl:if test="position() &gt; 1">, </xsl:if>
          <span data-lang="{$code}">
            <xsl:attribute name="title"><xsl:value-of select="@type"/></xsl:attribute>
            <xsl:choose>
              <xsl:when test="normalize-space($name)"><xsl:value-of select="normalize-space($name)"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
            </xsl:choose>
          </span>
        </xsl:for-each>
      </td>
      <td class="views">
        <xsl:if test="division[@type = 'original'] and division[@type = 'translation']">
          <a href="{@parallel}">parallel</a>
          <xsl:text> · </xsl:text>
        </xsl:if>
        <a href="{@diplomatic}">diplomatic</a>
        <xsl:text> · </xsl:text>
        <a href="{@reading}">reading</a>
        <xsl:text> · </xsl:text>
        <a href="{@tei}">TEI</a>
      </td>
    </tr>
  </xsl:template>

</xsl:stylesheet>
