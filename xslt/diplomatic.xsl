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

  <!-- A division's content, rendered in place. -->
  <xsl:template name="sheet-content">
    <xsl:apply-templates/>
  </xsl:template>

</xsl:stylesheet>
