<?xml version="1.0" encoding="UTF-8"?>
<!-- Archive notation: the TEI written back as the archive's plain-text export. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:import href="common.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:variable name="nl" select="'&#10;'"/>
  <xsl:variable name="blank" select="'&#10;&#10;'"/>

  <xsl:template match="/">
    <xsl:variable name="h" select="/tei:TEI/tei:teiHeader"/>
    <xsl:variable name="fd" select="$h/tei:fileDesc"/>
    <xsl:value-of select="$nl"/>
    <!-- Date line and bold title, as the export opens. -->
    <xsl:for-each select="($fd/tei:sourceDesc//tei:origDate)[1]">
      <xsl:apply-templates mode="text"/>
      <xsl:value-of select="$blank"/>
    </xsl:for-each>
    <xsl:text>**</xsl:text>
    <xsl:apply-templates select="$fd/tei:titleStmt/tei:title[1]/node()" mode="text"/>
    <xsl:text>**</xsl:text>
    <xsl:value-of select="$blank"/>
    <!-- Header fields in the export's order, each as Label: / blank / value. -->
    <xsl:call-template name="field">
      <xsl:with-param name="label" select="'Citation'"/>
      <xsl:with-param name="value" select="$fd/tei:sourceDesc/tei:bibl[@type = 'citation'][1]"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="label" select="'Summary'"/>
      <xsl:with-param name="value" select="$h/tei:profileDesc/tei:abstract[1]"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="label" select="'Credits'"/>
      <xsl:with-param name="value" select="$fd/tei:notesStmt/tei:note[@type = 'credits'][1]"/>
    </xsl:call-template>
    <xsl:for-each select="$fd/tei:notesStmt/tei:note[@type = 'field']">
      <xsl:call-template name="field">
        <xsl:with-param name="label" select="@n"/>
        <xsl:with-param name="value" select="."/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:call-template name="field">
      <xsl:with-param name="label" select="'Original Language'"/>
      <xsl:with-param name="value" select="$fd/tei:sourceDesc//tei:msContents/tei:textLang[normalize-space()][1]"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="label" select="'Contents'"/>
      <xsl:with-param name="value" select="$fd/tei:notesStmt/tei:note[@type = 'contents'][1]"/>
    </xsl:call-template>
    <xsl:apply-templates select="/tei:TEI/tei:text/*" mode="text"/>
  </xsl:template>

  <!-- an extra field's label is written by the field template from @n -->
  <xsl:template match="tei:notesStmt/tei:note[@type = 'field']/tei:label" mode="text"/>

  <xsl:template name="field">
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:if test="$value">
      <xsl:value-of select="concat($label, ':', $blank)"/>
      <xsl:apply-templates select="$value/node()" mode="text"/>
      <xsl:value-of select="$blank"/>
    </xsl:if>
  </xsl:template>

  <!-- ===== text nodes: a line break at an element's edge is indentation, not text ===== -->

  <xsl:template match="text()[not(normalize-space())][contains(., '&#10;')][not(preceding-sibling::node()) or not(following-sibling::node())]" mode="text"/>
  <xsl:template match="text()" mode="text"><xsl:value-of select="."/></xsl:template>

  <!-- ===== structure ======================================================== -->

  <xsl:template match="tei:lb" mode="text"><xsl:value-of select="$nl"/></xsl:template>

  <!-- A printed page number stands for its page break; otherwise write the marker's bracket form. -->
  <xsl:template match="tei:pb" mode="text">
    <xsl:choose>
      <xsl:when test="following-sibling::*[1][self::tei:fw[@type = 'pageNum']]"/>
      <xsl:when test="@rend = 'parentheses'"><xsl:value-of select="concat('(p. ', @n, ')')"/></xsl:when>
      <xsl:when test="@rend = 'brackets'"><xsl:value-of select="concat('[page ', @n, ']')"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- A rule line of the export is a milestone that keeps its characters in @rend. -->
  <xsl:template match="tei:milestone[@unit = 'rule']" mode="text"><xsl:value-of select="@rend"/></xsl:template>

  <!-- Structural containers: their children are blocks or lines. -->
  <!-- Whitespace between a container's children is layout: the separators are written here. -->
  <xsl:template match="tei:body | tei:div | tei:front | tei:back" mode="text">
    <xsl:for-each select="node()[not(self::text()[not(normalize-space())])]">
      <xsl:apply-templates select="." mode="text"/>
      <xsl:if test="self::*"><xsl:value-of select="$blank"/></xsl:if>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:opener | tei:closer | tei:postscript | tei:sp | tei:list | tei:note[@type = 'distribution']" mode="text">
    <xsl:for-each select="node()[not(self::text()[not(normalize-space())])]">
      <xsl:apply-templates select="." mode="text"/>
      <xsl:choose>
        <!-- A speaker run in with the turn's text shares its line. -->
        <xsl:when test="self::tei:speaker[@rend = 'inline']"><xsl:text> </xsl:text></xsl:when>
        <xsl:when test="self::*[not(self::tei:lb or self::tei:p or self::tei:ab or self::tei:item or self::tei:list)]">
          <xsl:value-of select="$nl"/>
        </xsl:when>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:p | tei:ab | tei:head | tei:item" mode="text">
    <xsl:apply-templates mode="text"/>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- ===== inline marks: the bracket form from @rend, the label kept verbatim ===== -->

  <xsl:template match="*" mode="text">
    <!-- An unbracketed marginal block stood on lines of its own in the export. -->
    <xsl:variable name="own-lines" select="@place and not(@rend)"/>
    <xsl:if test="$own-lines"><xsl:value-of select="$nl"/></xsl:if>
    <xsl:call-template name="rend-open"/>
    <xsl:choose>
      <xsl:when test="@rend = 'brackets-label'">
        <xsl:apply-templates select="tei:label[1]/node()" mode="text"/>
        <xsl:text>]</xsl:text>
        <xsl:apply-templates select="node()[not(self::tei:label and not(preceding-sibling::tei:label))]" mode="text"/>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="text"/></xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="rend-close"/>
    <xsl:if test="$own-lines"><xsl:value-of select="$nl"/></xsl:if>
  </xsl:template>

</xsl:stylesheet>
