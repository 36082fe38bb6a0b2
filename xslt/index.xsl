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
  <!-- The index shows no hands, and common.xsl's $hand-notes would search the whole collection. -->
  <xsl:variable name="hand-notes" select="/.."/>

  <xsl:template match="/">
    <html lang="en">
      <xsl:call-template name="html-head"><xsl:with-param name="page-title" select="$index-title"/></xsl:call-template>
      <body class="view-index">
        <main>
          <h1><xsl:value-of select="$index-title"/></h1>
          <p class="count"><xsl:value-of select="count(collection/doc)"/> documents, by date.</p>
          <xsl:call-template name="name-filter"/>
          <table class="index">
            <thead>
              <tr><th scope="col">Date</th><th scope="col">Title</th><th scope="col">Languages</th><th scope="col">Views</th></tr>
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

  <!-- Filter by person and place without script: each name is an anchor; while it is the :target,
       the rows that do not name it are hidden (one CSS rule per name, made from the rows' names). -->
  <xsl:key name="name-by-ref" match="doc/name" use="@ref"/>

  <xsl:template name="name-filter">
    <xsl:variable name="names" select="collection/doc/name[generate-id() = generate-id(key('name-by-ref', @ref)[1])]"/>
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
      <style>
        <xsl:for-each select="$names">
          <xsl:value-of select="concat('body:has(#f-', @ref, ':target) tr[id]:not([data-names~=&quot;', @ref, '&quot;]){display:none}&#10;')"/>
        </xsl:for-each>
        <xsl:text>.name-filter a:target{font-weight:bold}</xsl:text>
      </style>
    </xsl:if>
  </xsl:template>

  <xsl:template match="doc">
    <xsl:variable name="h" select="tei:teiHeader"/>
    <xsl:variable name="date" select="($h//tei:origDate)[1]"/>
    <tr id="doc-{@id}">
      <xsl:if test="name"><xsl:attribute name="data-names"><xsl:for-each select="name"><xsl:value-of select="concat(' ', @ref, ' ')"/></xsl:for-each></xsl:attribute></xsl:if>
      <td class="date">
        <xsl:if test="$date">
          <time>
            <xsl:if test="$date/@when | $date/@notBefore">
              <xsl:attribute name="datetime"><xsl:value-of select="($date/@when | $date/@notBefore)[1]"/></xsl:attribute>
            </xsl:if>
            <xsl:value-of select="normalize-space($date)"/>
          </time>
        </xsl:if>
      </td>
      <td class="title"><a href="{@reading}"><xsl:value-of select="normalize-space($h/tei:fileDesc/tei:titleStmt/tei:title[1])"/></a></td>
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
        <a href="{@parallel}">parallel</a>
        <xsl:text> · </xsl:text>
        <a href="{@diplomatic}">diplomatic</a>
        <xsl:text> · </xsl:text>
        <a href="{@reading}">reading</a>
        <xsl:text> · </xsl:text>
        <a href="{@tei}">TEI</a>
      </td>
    </tr>
  </xsl:template>

</xsl:stylesheet>
