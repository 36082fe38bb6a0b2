<?xml version="1.0" encoding="UTF-8"?>
<!-- Collection index: every built document by date, with title, languages and links to its views.
     Made a document at a time, so that a collection of any size is never one tree
     (render.render_index):
     - a <doc id tei parallel diplomatic reading><tei:teiHeader/><division type lang/></doc> (the
       header without its encodingDesc; render.index_entry), with its facets as attributes
       (facet-year …; site.facets.annotate_doc), gives <row undated date title><tr/></row>:
       the document's table row and the keys it is sorted by (undated last, then ISO date, title);
     - a <collection/> gives the page, with $count in its heading and a comment "rows" in the
       table's body where render.py writes the rows, sorted.
     The stylesheet reads no file itself. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:import href="common.xsl"/>
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:param name="index-title" select="'Documents'"/>
  <!-- How many documents the page lists. -->
  <xsl:param name="count" select="0"/>
  <!-- The index page's script also loads Pagefind's module and index from the build folder. -->
  <xsl:variable name="csp-script">
    <xsl:if test="$script != '' and $script-hash != ''">
      <xsl:value-of select="concat('; script-src ', $script-hash, &quot; 'self' 'wasm-unsafe-eval'; connect-src 'self'&quot;)"/>
    </xsl:if>
  </xsl:variable>
  <!-- The index shows no hands, and common.xsl's $hand-notes would search the whole collection. -->
  <xsl:variable name="hand-notes" select="/.."/>

  <xsl:template match="/doc">
    <!-- Undated documents go last; ISO dates sort as text. -->
    <row undated="{number(not(tei:teiHeader//tei:origDate[@when or @notBefore]))}"
         date="{concat((tei:teiHeader//tei:origDate)[1]/@when, (tei:teiHeader//tei:origDate)[1]/@notBefore)}"
         title="{normalize-space(tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title[1])}">
      <xsl:apply-templates select="." mode="row"/>
      <xsl:copy-of select="name"/>
    </row>
  </xsl:template>

  <xsl:template match="/collection">
    <html lang="en">
      <xsl:call-template name="html-head">
        <xsl:with-param name="page-title" select="$index-title"/>
        <xsl:with-param name="page-css"><xsl:call-template name="name-filter-css"/></xsl:with-param>
      </xsl:call-template>
      <body class="view-index">
        <main>
          <h1><xsl:value-of select="$index-title"/></h1>
          <p class="count"><xsl:value-of select="$count"/> documents, by date.</p>
          <xsl:call-template name="find"/>
          <xsl:call-template name="name-filter"/>
          <table class="index">
            <thead>
              <tr><th scope="col" data-sortable="">Date</th><th scope="col" data-sortable="">Title</th>
                <th scope="col" data-sortable="">From → To</th><th scope="col">Languages</th><th scope="col">Views</th></tr>
            </thead>
            <tbody><xsl:comment>rows</xsl:comment></tbody>
          </table>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- Filter by person and place without script: each name is an anchor; while it is the :target,
       the rows that do not name it are hidden (one CSS rule per name, "name-filter-css"). The frame's <collection>
       holds each name the rows carry, once. -->
  <xsl:template name="name-filter">
    <xsl:variable name="names" select="name"/>
    <xsl:if test="$names">
      <nav class="name-filter" aria-label="Show the documents that name">
        <xsl:for-each select="$names[@kind = 'persName']">
          <xsl:sort select="."/>
          <a id="f-{@ref}" href="#f-{@ref}" class="filter-person" data-entry="{@ref}"><xsl:value-of select="."/></a><xsl:text> </xsl:text>
        </xsl:for-each>
        <xsl:for-each select="$names[@kind = 'placeName']">
          <xsl:sort select="."/>
          <a id="f-{@ref}" href="#f-{@ref}" class="filter-place" data-entry="{@ref}"><xsl:value-of select="."/></a><xsl:text> </xsl:text>
        </xsl:for-each>
        <a href="#" class="filter-all">all documents</a>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- The name filter's rules, in the page's head. -->
  <xsl:template name="name-filter-css">
    <xsl:for-each select="name">
      <xsl:value-of select="concat('body:has(#f-', @ref, ':target) tr[id]:not([data-names~=&quot;', @ref, '&quot;]){display:none}&#10;')"/>
    </xsl:for-each>
    <xsl:if test="name"><xsl:text>.name-filter a:target{font-weight:bold}</xsl:text></xsl:if>
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

  <xsl:template match="doc" mode="row">
    <xsl:variable name="h" select="tei:teiHeader"/>
    <xsl:variable name="date" select="($h//tei:origDate)[1]"/>
    <tr id="doc-{@id}" data-year="{@facet-year}" data-language="{@facet-language}" data-genre="{@facet-genre}"
        data-sender="{@facet-sender}" data-recipient="{@facet-recipient}">
      <xsl:if test="name"><xsl:attribute name="data-names"><xsl:for-each select="name"><xsl:value-of select="concat(' ', @ref, ' ')"/></xsl:for-each></xsl:attribute></xsl:if>
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
