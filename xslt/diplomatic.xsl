<?xml version="1.0" encoding="UTF-8"?>
<!-- Diplomatic view: every division as transcribed, page furniture, hands, stamps and gaps marked. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:import href="common.xsl"/>
  <xsl:include href="diplomatic-page.xsl"/>
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <xsl:template match="/">
    <xsl:call-template name="diplomatic-page"/>
  </xsl:template>

  <!-- A division's content, rendered in place, each block after its links to the other views. -->
  <xsl:template name="sheet-content">
    <xsl:for-each select="node()">
      <xsl:call-template name="sheet-unit-links"/>
      <xsl:apply-templates select="."/>
    </xsl:for-each>
  </xsl:template>

  <!-- A section of a division: its blocks as the division's. Other divisions (in a unit, in a
       floating text) are rendered as everywhere. -->
  <xsl:template match="tei:div">
    <xsl:choose>
      <xsl:when test="parent::tei:div and ancestor::tei:body[1]/parent::tei:text">
        <section><xsl:call-template name="common-attrs"/><xsl:call-template name="sheet-content"/></section>
      </xsl:when>
      <xsl:otherwise><xsl:apply-imports/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
