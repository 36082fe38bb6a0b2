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
    <!-- a date or title the export did not give (taken from the citation, or devised) is not written back -->
    <xsl:for-each select="($fd/tei:sourceDesc//tei:origDate)[1][not(@evidence = 'external')]">
      <xsl:apply-templates mode="text"/>
      <xsl:value-of select="$blank"/>
    </xsl:for-each>
    <xsl:if test="not($fd/tei:titleStmt/tei:title[1]/@subtype)">
      <xsl:text>**</xsl:text>
      <xsl:apply-templates select="$fd/tei:titleStmt/tei:title[1]/node()" mode="text"/>
      <xsl:text>**</xsl:text>
      <xsl:value-of select="$blank"/>
    </xsl:if>
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

  <xsl:template name="field">
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:if test="$value">
      <xsl:value-of select="concat($label, ':', $blank)"/>
      <xsl:apply-templates select="$value/node()" mode="text"/>
      <xsl:value-of select="$blank"/>
    </xsl:if>
  </xsl:template>

  <!-- ===== text nodes ======================================================= -->

  <!-- One template for every text node, its cases tested inside: see "Patterns" below.
       [1] stops each sibling axis at the first node. -->
  <xsl:template match="text()" mode="text">
    <xsl:choose>
      <!-- a line break at an element's edge is indentation, not text -->
      <xsl:when test="contains(., '&#10;') and not(normalize-space())
                      and not(preceding-sibling::node()[1] and following-sibling::node()[1])"/>
      <!-- the newline that ends the text before an <lb/> is that line break's own (the encoder
           writes it so that the string value keeps the word boundary): the <lb/> writes it once -->
      <xsl:when test="following-sibling::node()[1][self::tei:lb] and substring(., string-length(.)) = '&#10;'">
        <xsl:value-of select="substring(., 1, string-length(.) - 1)"/>
      </xsl:when>
      <!-- the space after an extra field's label stands for the blank line the field template writes -->
      <xsl:when test="starts-with(., ' ') and preceding-sibling::node()[1][self::tei:label]
                      and parent::tei:note[@type = 'field'][parent::tei:notesStmt]">
        <xsl:value-of select="substring(., 2)"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== structure ======================================================== -->

  <xsl:template match="tei:lb" mode="text"><xsl:value-of select="$nl"/></xsl:template>

  <!-- A line's indentation: its spaces written back (up to the 200 this string holds). -->
  <xsl:variable name="spaces" select="concat('                                                                                                    ',
                                             '                                                                                                    ')"/>
  <xsl:template match="tei:space" mode="text">
    <xsl:if test="@unit = 'chars'"><xsl:value-of select="substring($spaces, 1, @quantity)"/></xsl:if>
  </xsl:template>

  <!-- A printed page number stands for its page break; otherwise write the marker's bracket form. -->
  <xsl:template match="tei:pb" mode="text">
    <xsl:choose>
      <xsl:when test="following-sibling::*[1][self::tei:fw[@type = 'pageNum']]"/>
      <xsl:when test="@rend = 'parentheses'"><xsl:value-of select="concat('(p. ', @n, ')')"/></xsl:when>
      <xsl:when test="@rend = 'brackets'"><xsl:value-of select="concat('[page ', @n, ']')"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- Patterns: a name only, never a predicate; the cases are told apart inside a template.
       For a predicate in a pattern libxslt works out the node's position among its siblings,
       walking them all whenever the pattern was last tried under another parent, and for two
       predicates in a row it evaluates the pattern over the whole document and searches the
       result: either made this stylesheet quadratic in the number of sibling blocks
       (bench/bench_text.py). -->

  <!-- A rule line of the export is a milestone that keeps its characters in @rend. -->
  <xsl:template match="tei:milestone" mode="text">
    <xsl:choose>
      <xsl:when test="@unit = 'rule'"><xsl:value-of select="@rend"/></xsl:when>
      <xsl:otherwise><xsl:call-template name="mark-text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Structural containers: their children are blocks or lines. -->
  <!-- Whitespace between a container's children is layout: the separators are written here. -->
  <xsl:template match="tei:body | tei:div | tei:front | tei:back" mode="text">
    <xsl:for-each select="node()[not(self::text()[not(normalize-space())])]">
      <xsl:apply-templates select="." mode="text"/>
      <xsl:if test="self::*"><xsl:value-of select="$blank"/></xsl:if>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:opener | tei:closer | tei:postscript | tei:sp | tei:list" mode="text">
    <xsl:call-template name="lines"/>
  </xsl:template>

  <!-- A distribution list is lines; an extra field's label is written by the field template
       from @n; other notes are marks. -->
  <xsl:template match="tei:note" mode="text">
    <xsl:choose>
      <xsl:when test="@type = 'distribution'"><xsl:call-template name="lines"/></xsl:when>
      <xsl:otherwise><xsl:call-template name="mark-text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:label" mode="text">
    <xsl:if test="not(parent::tei:note[@type = 'field'][parent::tei:notesStmt])">
      <xsl:call-template name="mark-text"/>
    </xsl:if>
  </xsl:template>

  <!-- Whitespace with a line break is layout; a space between two elements is the export's: the
       line goes on (a date and a signature, a speaker and the turn). A speaker marked
       rend="inline" shares the line with the turn's text also when no space follows it. -->
  <xsl:template name="lines">
    <xsl:for-each select="node()[not(self::text()[not(normalize-space())][contains(., '&#10;')])]">
      <xsl:apply-templates select="." mode="text"/>
      <xsl:if test="self::*[not(self::tei:lb or self::tei:p or self::tei:ab or self::tei:item or self::tei:list)]
                    and not(following-sibling::node()[1][self::text()][not(contains(., '&#10;'))])">
        <xsl:choose>
          <xsl:when test="self::tei:speaker[@rend = 'inline']"><xsl:text> </xsl:text></xsl:when>
          <xsl:otherwise><xsl:value-of select="$nl"/></xsl:otherwise>
        </xsl:choose>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:p | tei:ab | tei:head | tei:item" mode="text">
    <xsl:apply-templates mode="text"/>
    <xsl:value-of select="$nl"/>
  </xsl:template>

  <!-- ===== inline marks: the bracket form from @rend, the label kept verbatim ===== -->

  <xsl:template match="*" mode="text"><xsl:call-template name="mark-text"/></xsl:template>

  <xsl:template name="mark-text">
    <!-- An unbracketed marginal block stood on lines of its own in the export. -->
    <xsl:variable name="own-lines" select="@place and not(@rend)"/>
    <xsl:if test="$own-lines"><xsl:value-of select="$nl"/></xsl:if>
    <xsl:call-template name="rend-open"/>
    <xsl:choose>
      <xsl:when test="@rend = 'brackets-label'">
        <xsl:apply-templates select="tei:label[1]/node()" mode="text"/>
        <xsl:text>]</xsl:text>
        <!-- everything but the first label ([1]: one step back, not the whole axis) -->
        <xsl:apply-templates select="node()[not(self::tei:label) or preceding-sibling::tei:label[1]]" mode="text"/>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="text"/></xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="rend-close"/>
    <xsl:if test="$own-lines"><xsl:value-of select="$nl"/></xsl:if>
  </xsl:template>

</xsl:stylesheet>
