<?xml version="1.0" encoding="UTF-8"?>
<!-- The parallel and diplomatic pages in one run, each unit rendered once for both: the diplomatic
     page copies the units' HTML that parallel.xsl makes for its rows. The result is
     <pages><html>parallel</html><html>diplomatic</html></pages>; render.py writes each page. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:import href="parallel.xsl"/>
  <xsl:include href="diplomatic-page.xsl"/>
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <!-- A unit's HTML in $rendered by the unit's generate-id. -->
  <xsl:key name="rendered" match="/d/u" use="@g"/>

  <xsl:template match="/">
    <pages>
      <xsl:call-template name="parallel-page"/>
      <xsl:call-template name="diplomatic-page"/>
    </pages>
  </xsl:template>

  <!-- A division's content as diplomatic.xsl renders it, but each unit copied from $rendered. The
       templates of mode "sheet" below follow the key "unit": an element is a unit but for those
       it excludes, which are rendered as common.xsl does, their content in this mode. -->
  <xsl:template name="sheet-content">
    <xsl:apply-templates mode="sheet"/>
  </xsl:template>

  <xsl:template match="*" mode="sheet">
    <xsl:call-template name="sheet-unit-links"/>
    <xsl:variable name="unit" select="generate-id()"/>
    <xsl:for-each select="$rendered"><xsl:copy-of select="key('rendered', $unit)/node()"/></xsl:for-each>
  </xsl:template>

  <xsl:template match="text() | tei:lb" mode="sheet">
    <xsl:apply-templates select="."/>
  </xsl:template>

  <xsl:template match="tei:div" mode="sheet">
    <section><xsl:call-template name="common-attrs"/><xsl:apply-templates mode="sheet"/></section>
  </xsl:template>

  <!-- An opener, closer or postscript without an id or text of its own in a division gives its
       lines as units; inside another such (no unit in there) it is rendered as a whole. -->
  <xsl:template match="tei:opener[not(@xml:id)][not(text()[normalize-space()])]
                       | tei:closer[not(@xml:id)][not(text()[normalize-space()])]" mode="sheet">
    <xsl:choose>
      <xsl:when test="parent::tei:div">
        <div>
          <xsl:call-template name="common-attrs"/>
          <xsl:for-each select="node()">
            <xsl:apply-templates select="." mode="sheet"/>
            <xsl:call-template name="line-end"/>
          </xsl:for-each>
        </div>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:postscript[not(@xml:id)][not(text()[normalize-space()])]" mode="sheet">
    <xsl:choose>
      <xsl:when test="parent::tei:div">
        <xsl:variable name="name"><xsl:call-template name="box-name"/></xsl:variable>
        <xsl:element name="{$name}">
          <xsl:call-template name="common-attrs"/>
          <xsl:apply-templates mode="sheet"/>
        </xsl:element>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
