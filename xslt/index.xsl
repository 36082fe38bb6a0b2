<?xml version="1.0" encoding="UTF-8"?>
<!-- Collection index: every built document by date, with title, languages and links to its views.
     Made a document at a time, so that a collection of any size is never one tree
     (render.render_index):
     - a <doc id tei parallel diplomatic reading><tei:teiHeader/><division type lang/></doc> (the
       header without its encodingDesc; render.index_entry) gives <row undated date title><tr/></row>:
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
      <xsl:call-template name="html-head"><xsl:with-param name="page-title" select="$index-title"/></xsl:call-template>
      <body class="view-index">
        <main>
          <h1><xsl:value-of select="$index-title"/></h1>
          <p class="count"><xsl:value-of select="$count"/> documents, by date.</p>
          <xsl:call-template name="name-filter"/>
          <table class="index">
            <thead>
              <tr><th scope="col">Date</th><th scope="col">Title</th><th scope="col">Languages</th><th scope="col">Views</th></tr>
            </thead>
            <tbody><xsl:comment>rows</xsl:comment></tbody>
          </table>
        </main>
      </body>
    </html>
  </xsl:template>

  <!-- Filter by person and place without script: each name is an anchor; while it is the :target,
       the rows that do not name it are hidden (one CSS rule per name). The frame's <collection>
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
      <style>
        <xsl:for-each select="$names">
          <xsl:value-of select="concat('body:has(#f-', @ref, ':target) tr[id]:not([data-names~=&quot;', @ref, '&quot;]){display:none}&#10;')"/>
        </xsl:for-each>
        <xsl:text>.name-filter a:target{font-weight:bold}</xsl:text>
      </style>
    </xsl:if>
  </xsl:template>

  <xsl:template match="doc" mode="row">
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
