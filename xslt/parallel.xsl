<?xml version="1.0" encoding="UTF-8"?>
<!-- Parallel view: the original beside each translation, one row per aligned group of units. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:str="http://exslt.org/strings"
    xmlns:set="http://exslt.org/sets"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="tei str set exsl">

  <xsl:import href="common.xsl"/>
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:key name="link-by-ref" match="tei:linkGrp[@type = 'alignment']/tei:link" use="str:tokenize(@target, ' ')"/>

  <xsl:variable name="body" select="/tei:TEI/tei:text/tei:body"/>
  <xsl:variable name="original" select="$body/tei:div[@type = 'original'][1]"/>
  <!-- A unit is a block directly inside a division or one of its sections; an opener, closer or
       postscript without an id of its own (the converter ids its lines) gives its lines as units. -->
  <xsl:variable name="O" select="$original//*[not(self::tei:div or self::tei:lb)][parent::tei:div or parent::*[self::tei:opener or self::tei:closer or self::tei:postscript][not(@xml:id)][not(text()[normalize-space()])][parent::tei:div]][not((self::tei:opener or self::tei:closer or self::tei:postscript) and not(@xml:id) and not(text()[normalize-space()]))]"/>

  <xsl:template match="/">
    <html lang="{$doc-lang}">
      <xsl:call-template name="html-head"><xsl:with-param name="view-title" select="'parallel view'"/></xsl:call-template>
      <body class="view-parallel">
        <xsl:call-template name="nav"><xsl:with-param name="current" select="'parallel'"/></xsl:call-template>
        <main>
          <xsl:call-template name="page-title"/>
          <xsl:for-each select="$body/tei:div[@type = 'translation']">
            <xsl:call-template name="table"><xsl:with-param name="D" select="."/></xsl:call-template>
          </xsl:for-each>
          <xsl:if test="not($body/tei:div[@type = 'translation'])">
            <xsl:call-template name="table"/>
          </xsl:if>
        </main>
        <xsl:call-template name="footer"/>
      </body>
    </html>
  </xsl:template>

  <!-- One aligned table: the original against translation $D (either may be absent). -->
  <xsl:template name="table">
    <xsl:param name="D" select="/.."/>
    <xsl:variable name="T" select="$D//*[not(self::tei:div or self::tei:lb)][parent::tei:div or parent::*[self::tei:opener or self::tei:closer or self::tei:postscript][not(@xml:id)][not(text()[normalize-space()])][parent::tei:div]][not((self::tei:opener or self::tei:closer or self::tei:postscript) and not(@xml:id) and not(text()[normalize-space()]))]"/>
    <!-- Every (translation unit, original unit) pair that a TEI link joins, computed once.
         A link may point at a unit or inside one (a line of an opener); it joins the units. -->
    <xsl:variable name="D-id" select="generate-id($D)"/>
    <xsl:variable name="O-id" select="generate-id($original)"/>
    <xsl:variable name="pairs-rtf">
      <xsl:for-each select="$D//*[@corresp] | $original//*[@corresp]">
        <xsl:variable name="from" select="."/>
        <xsl:for-each select="key('by-ref', str:tokenize(@corresp, ' '))">
          <xsl:call-template name="pair"><xsl:with-param name="a" select="$from"/><xsl:with-param name="b" select="."/>
            <xsl:with-param name="D-id" select="$D-id"/><xsl:with-param name="O-id" select="$O-id"/><xsl:with-param name="T" select="$T"/></xsl:call-template>
          <xsl:call-template name="pair"><xsl:with-param name="a" select="."/><xsl:with-param name="b" select="$from"/>
            <xsl:with-param name="D-id" select="$D-id"/><xsl:with-param name="O-id" select="$O-id"/><xsl:with-param name="T" select="$T"/></xsl:call-template>
        </xsl:for-each>
      </xsl:for-each>
      <xsl:for-each select="/tei:TEI/tei:standOff/tei:linkGrp[@type = 'alignment']/tei:link">
        <xsl:variable name="ends" select="key('by-ref', str:tokenize(@target, ' '))"/>
        <xsl:for-each select="$ends">
          <xsl:variable name="a" select="."/>
          <xsl:for-each select="$ends">
            <xsl:call-template name="pair"><xsl:with-param name="a" select="$a"/><xsl:with-param name="b" select="."/>
              <xsl:with-param name="D-id" select="$D-id"/><xsl:with-param name="O-id" select="$O-id"/><xsl:with-param name="T" select="$T"/></xsl:call-template>
          </xsl:for-each>
        </xsl:for-each>
      </xsl:for-each>
    </xsl:variable>
    <section>
      <xsl:attribute name="class">
        <xsl:text>parallel</xsl:text>
        <xsl:if test="not($original) or not($D)"> single</xsl:if>
      </xsl:attribute>
      <xsl:if test="$D"><xsl:attribute name="aria-label"><xsl:call-template name="division-heading"><xsl:with-param name="div" select="$D"/></xsl:call-template></xsl:attribute></xsl:if>
      <div class="row row-head">
        <xsl:if test="$original">
          <h2 class="cell original"><xsl:call-template name="division-heading"><xsl:with-param name="div" select="$original"/></xsl:call-template></h2>
        </xsl:if>
        <xsl:if test="$D">
          <h2 class="cell translation"><xsl:call-template name="division-heading"><xsl:with-param name="div" select="$D"/></xsl:call-template></h2>
        </xsl:if>
      </div>
      <xsl:call-template name="rows">
        <xsl:with-param name="D" select="$D"/>
        <xsl:with-param name="T" select="$T"/>
        <xsl:with-param name="pairs" select="exsl:node-set($pairs-rtf)/pair"/>
      </xsl:call-template>
    </section>
  </xsl:template>

  <!-- A pair of units when $a lies in translation $D and $b in the original: their positions
       in $T and $O (tp, op), so the row walk compares numbers instead of searching node-sets. -->
  <xsl:template name="pair">
    <xsl:param name="a"/>
    <xsl:param name="b"/>
    <xsl:param name="D-id"/>
    <xsl:param name="O-id"/>
    <xsl:param name="T"/>
    <xsl:if test="generate-id($a/ancestor::tei:div[parent::tei:body]) = $D-id
                  and generate-id($b/ancestor::tei:div[parent::tei:body]) = $O-id">
      <xsl:variable name="t-unit" select="$a/ancestor-or-self::*[not(self::tei:div or self::tei:lb)][parent::tei:div or parent::*[self::tei:opener or self::tei:closer or self::tei:postscript][not(@xml:id)][not(text()[normalize-space()])][parent::tei:div]][not((self::tei:opener or self::tei:closer or self::tei:postscript) and not(@xml:id) and not(text()[normalize-space()]))][1]"/>
      <xsl:variable name="o-unit" select="$b/ancestor-or-self::*[not(self::tei:div or self::tei:lb)][parent::tei:div or parent::*[self::tei:opener or self::tei:closer or self::tei:postscript][not(@xml:id)][not(text()[normalize-space()])][parent::tei:div]][not((self::tei:opener or self::tei:closer or self::tei:postscript) and not(@xml:id) and not(text()[normalize-space()]))][1]"/>
      <xsl:if test="count($T | $t-unit) = count($T) and count($O | $o-unit) = count($O)">
        <pair tp="{count(set:leading($T, $t-unit)) + 1}" op="{count(set:leading($O, $o-unit)) + 1}"/>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- Walk the translation in order; $i is how far the original has been shown. Each original
       unit is shown once, in order: a row takes every original unit up to its last partner. -->
  <xsl:template name="rows">
    <xsl:param name="D"/>
    <xsl:param name="T"/>
    <xsl:param name="pairs"/>
    <xsl:param name="j" select="1"/>
    <xsl:param name="i" select="0"/>
    <xsl:choose>
      <xsl:when test="$j &gt; count($T)">
        <xsl:for-each select="$O[position() &gt; $i]">
          <xsl:call-template name="row"><xsl:with-param name="D" select="$D"/><xsl:with-param name="left" select="."/></xsl:call-template>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="t" select="$T[$j]"/>
        <xsl:variable name="origs" select="$pairs[@tp = $j]/@op"/>
        <xsl:variable name="last-orig" select="$origs[not(. &lt; $origs)][1]"/>
        <xsl:choose>
          <xsl:when test="not($origs) or $last-orig &lt;= $i">
            <xsl:call-template name="row"><xsl:with-param name="D" select="$D"/><xsl:with-param name="right" select="$t"/></xsl:call-template>
            <xsl:call-template name="rows">
              <xsl:with-param name="D" select="$D"/><xsl:with-param name="T" select="$T"/><xsl:with-param name="pairs" select="$pairs"/>
              <xsl:with-param name="j" select="$j + 1"/><xsl:with-param name="i" select="$i"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <!-- The row runs to the last translation unit that shares these originals. -->
            <xsl:variable name="sharing" select="$pairs[@op = $origs]/@tp"/>
            <xsl:variable name="t-last-raw" select="$sharing[not(. &lt; $sharing)][1]"/>
            <xsl:variable name="t-last" select="$t-last-raw * number($t-last-raw &gt; $j) + $j * number($t-last-raw &lt;= $j)"/>
            <xsl:variable name="right" select="$T[position() &gt;= $j and position() &lt;= $t-last]"/>
            <xsl:variable name="linked" select="$pairs[@tp &gt;= $j and @tp &lt;= $t-last]/@op[. &gt; $i]"/>
            <xsl:variable name="first" select="$linked[not(. &gt; $linked)][1]"/>
            <xsl:variable name="last" select="$linked[not(. &lt; $linked)][1]"/>
            <!-- Original units before this group: rows of their own. -->
            <xsl:for-each select="$O[position() &gt; $i and position() &lt; $first]">
              <xsl:call-template name="row"><xsl:with-param name="D" select="$D"/><xsl:with-param name="left" select="."/></xsl:call-template>
            </xsl:for-each>
            <xsl:call-template name="row">
              <xsl:with-param name="D" select="$D"/>
              <xsl:with-param name="left" select="$O[position() &gt;= $first and position() &lt;= $last]"/>
              <xsl:with-param name="right" select="$right"/>
            </xsl:call-template>
            <xsl:call-template name="rows">
              <xsl:with-param name="D" select="$D"/><xsl:with-param name="T" select="$T"/><xsl:with-param name="pairs" select="$pairs"/>
              <xsl:with-param name="j" select="$t-last + 1"/><xsl:with-param name="i" select="$last"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One row: original cell, translation cell; an empty side keeps its place. -->
  <xsl:template name="row">
    <xsl:param name="D"/>
    <xsl:param name="left" select="/.."/>
    <xsl:param name="right" select="/.."/>
    <div>
      <xsl:attribute name="class">
        <xsl:text>row</xsl:text>
        <xsl:choose>
          <xsl:when test="$left and $right"> aligned</xsl:when>
          <xsl:when test="$left"> original-only</xsl:when>
          <xsl:otherwise> translation-only</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:if test="$original">
        <div class="cell original" lang="{$original/@xml:lang}">
          <xsl:apply-templates select="$left" mode="unit"/>
        </div>
      </xsl:if>
      <xsl:if test="$D">
        <div class="cell translation" lang="{$D/@xml:lang}">
          <xsl:apply-templates select="$right" mode="unit"/>
        </div>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- A line of an opener, closer or postscript keeps its container's look. -->
  <xsl:template match="*" mode="unit">
    <xsl:choose>
      <xsl:when test="parent::tei:opener or parent::tei:closer or parent::tei:postscript">
        <div class="{local-name(..)} line"><xsl:apply-templates select="."/></div>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
