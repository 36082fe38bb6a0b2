<?xml version="1.0" encoding="UTF-8"?>
<!-- teiHeader -> simple Dublin Core (oai_dc); the crosswalk is documented in docs/crosswalk.md. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    exclude-result-prefixes="tei">

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <!-- DCMI Type of every edition document, and the format of its master file. -->
  <xsl:param name="dc-type" select="'Text'"/>
  <xsl:param name="dc-format" select="'application/tei+xml'"/>

  <xsl:template match="/">
    <xsl:apply-templates select="tei:TEI/tei:teiHeader" mode="dc"/>
  </xsl:template>

  <!-- The document's names linked to the edition's register, by entry ("reg:ID", first token of @ref). -->
  <xsl:key name="register-name" match="tei:text//tei:persName[starts-with(@ref, 'reg:')]
                                      | tei:text//tei:placeName[starts-with(@ref, 'reg:')]"
           use="substring-before(concat(@ref, ' '), ' ')"/>

  <xsl:template match="tei:teiHeader" mode="dc">
    <xsl:variable name="fd" select="tei:fileDesc"/>
    <xsl:variable name="pd" select="tei:profileDesc"/>
    <xsl:variable name="ms" select="$fd/tei:sourceDesc/tei:msDesc"/>
    <oai_dc:dc xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">
      <!-- title: the main title, else the first title -->
      <xsl:choose>
        <xsl:when test="$fd/tei:titleStmt/tei:title[@type='main']">
          <xsl:apply-templates select="$fd/tei:titleStmt/tei:title[@type='main']" mode="dc-field">
            <xsl:with-param name="name" select="'title'"/>
          </xsl:apply-templates>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="$fd/tei:titleStmt/tei:title[1]" mode="dc-field">
            <xsl:with-param name="name" select="'title'"/>
          </xsl:apply-templates>
        </xsl:otherwise>
      </xsl:choose>
      <!-- creator: who wrote the original (the sender of correspondence), else titleStmt/author -->
      <!-- one per person: a name as written that a bracket identifies ("Filippov [Stalin]") gives way to whom it names -->
      <xsl:variable name="sent" select="$pd/tei:correspDesc/tei:correspAction[@type='sent']"/>
      <xsl:variable name="senders" select="$sent/tei:orgName
        | $sent/tei:persName[@type='identification' or @type='variant']
        | $sent/tei:persName[not(@type)][not(following-sibling::*[1][self::tei:persName][@type='identification' or @type='variant'])]"/>
      <xsl:apply-templates select="$senders" mode="dc-field">
        <xsl:with-param name="name" select="'creator'"/>
      </xsl:apply-templates>
      <xsl:if test="not($senders)">
        <xsl:apply-templates select="$fd/tei:titleStmt/tei:author" mode="dc-field">
          <xsl:with-param name="name" select="'creator'"/>
        </xsl:apply-templates>
      </xsl:if>
      <!-- description: the abstract (the archive's summary) -->
      <xsl:for-each select="$pd/tei:abstract[normalize-space()]">
        <dc:description>
          <!-- paragraphs joined by one space, so words of adjacent paragraphs do not run together -->
          <xsl:for-each select="tei:p[normalize-space()]">
            <xsl:if test="position() &gt; 1"><xsl:text> </xsl:text></xsl:if>
            <xsl:variable name="text"><xsl:apply-templates select="." mode="dc-text"/></xsl:variable>
            <xsl:value-of select="normalize-space($text)"/>
          </xsl:for-each>
          <xsl:if test="not(tei:p)"><xsl:value-of select="normalize-space(.)"/></xsl:if>
        </dc:description>
      </xsl:for-each>
      <xsl:apply-templates select="$fd/tei:publicationStmt/tei:publisher" mode="dc-field">
        <xsl:with-param name="name" select="'publisher'"/>
      </xsl:apply-templates>
      <!-- contributor: the translators, then the edition's editors -->
      <xsl:apply-templates select="$fd/tei:titleStmt/tei:respStmt[tei:persName/@xml:id='translator' or starts-with(normalize-space(tei:resp), 'Translated')]/tei:persName" mode="dc-field">
        <xsl:with-param name="name" select="'contributor'"/>
      </xsl:apply-templates>
      <xsl:apply-templates select="$fd/tei:titleStmt/tei:editor" mode="dc-field">
        <xsl:with-param name="name" select="'contributor'"/>
      </xsl:apply-templates>
      <!-- date: the date of the original document, ISO 8601 -->
      <xsl:choose>
        <xsl:when test="$ms/tei:history/tei:origin/tei:origDate">
          <xsl:apply-templates select="$ms/tei:history/tei:origin/tei:origDate[1]" mode="dc-date"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:apply-templates select="$pd/tei:correspDesc/tei:correspAction[@type='sent']/tei:date[1]" mode="dc-date"/>
        </xsl:otherwise>
      </xsl:choose>
      <dc:type><xsl:value-of select="$dc-type"/></dc:type>
      <dc:format><xsl:value-of select="$dc-format"/></dc:format>
      <!-- identifier: the edition's URI, then its local id -->
      <xsl:apply-templates select="$fd/tei:publicationStmt/tei:idno[@type='URI']" mode="dc-field">
        <xsl:with-param name="name" select="'identifier'"/>
      </xsl:apply-templates>
      <xsl:apply-templates select="$fd/tei:publicationStmt/tei:idno[@type='local']" mode="dc-field">
        <xsl:with-param name="name" select="'identifier'"/>
      </xsl:apply-templates>
      <!-- source: the archive's citation, else the export's Source: field, else the archive's identifiers
           (never the document's own id, which is only the export's file name) -->
      <xsl:variable name="source-field" select="$fd/tei:notesStmt/tei:note[@type='field'][@n='Source']"/>
      <xsl:variable name="ms-ids" select="$ms/tei:msIdentifier/*[self::tei:institution or self::tei:repository
                                          or self::tei:collection or self::tei:idno[not(@type='local')]]"/>
      <xsl:choose>
        <xsl:when test="$fd/tei:sourceDesc/tei:bibl[@type='citation']">
          <xsl:apply-templates select="$fd/tei:sourceDesc/tei:bibl[@type='citation']" mode="dc-field">
            <xsl:with-param name="name" select="'source'"/>
          </xsl:apply-templates>
        </xsl:when>
        <xsl:when test="$source-field">
          <xsl:apply-templates select="$source-field" mode="dc-field">
            <xsl:with-param name="name" select="'source'"/>
          </xsl:apply-templates>
        </xsl:when>
        <xsl:when test="$ms-ids">
          <dc:source>
            <xsl:for-each select="$ms-ids">
              <xsl:if test="position() &gt; 1">, </xsl:if>
              <xsl:value-of select="normalize-space(.)"/>
            </xsl:for-each>
          </dc:source>
        </xsl:when>
      </xsl:choose>
      <xsl:for-each select="$pd/tei:langUsage/tei:language[@ident]">
        <dc:language><xsl:value-of select="@ident"/></dc:language>
      </xsl:for-each>
      <!-- subject: each person and place the text names, once per register entry, as the translation
           writes it (else the original) -->
      <xsl:for-each select="../tei:text//*[self::tei:persName or self::tei:placeName][starts-with(@ref, 'reg:')]
                            [generate-id() = generate-id(key('register-name', substring-before(concat(@ref, ' '), ' '))[1])]">
        <xsl:variable name="same" select="key('register-name', substring-before(concat(@ref, ' '), ' '))"/>
        <xsl:variable name="translated" select="$same[ancestor::tei:div[@type = 'translation']]"/>
        <dc:subject>
          <xsl:choose>
            <xsl:when test="$translated"><xsl:value-of select="normalize-space($translated[1])"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="normalize-space($same[1])"/></xsl:otherwise>
          </xsl:choose>
        </dc:subject>
      </xsl:for-each>
      <!-- relation: the archive's own page for the record -->
      <xsl:for-each select="$fd/tei:sourceDesc/tei:bibl[@type='citation']//tei:ref[@target]">
        <dc:relation><xsl:value-of select="@target"/></dc:relation>
      </xsl:for-each>
      <xsl:for-each select="$pd/tei:correspDesc/tei:correspAction[@type='sent']/tei:placeName">
        <dc:coverage><xsl:value-of select="normalize-space(.)"/></dc:coverage>
      </xsl:for-each>
      <xsl:for-each select="$fd/tei:publicationStmt/tei:availability/tei:licence">
        <dc:rights><xsl:value-of select="normalize-space(.)"/></dc:rights>
        <xsl:if test="@target">
          <dc:rights><xsl:value-of select="@target"/></dc:rights>
        </xsl:if>
      </xsl:for-each>
    </oai_dc:dc>
  </xsl:template>

  <!-- One dc:NAME element holding the node's whitespace-normalised text. -->
  <xsl:template match="*" mode="dc-field">
    <xsl:param name="name"/>
    <xsl:variable name="text"><xsl:apply-templates select="." mode="dc-text"/></xsl:variable>
    <xsl:if test="normalize-space($text)">
      <xsl:element name="dc:{$name}" namespace="http://purl.org/dc/elements/1.1/">
        <xsl:value-of select="normalize-space($text)"/>
      </xsl:element>
    </xsl:if>
  </xsl:template>

  <!-- A field note's label ("Source:") names the field; it is not part of its value. -->
  <xsl:template match="tei:note[@type='field']/tei:label" mode="dc-text"/>

  <!-- The text of an element, where a line, column or page break separates words. -->
  <xsl:template match="tei:lb | tei:cb | tei:pb" mode="dc-text">
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- A TEI date as ISO 8601: @when, else the interval notBefore/notAfter, else the text. -->
  <xsl:template match="*" mode="dc-date">
    <dc:date>
      <xsl:choose>
        <xsl:when test="@when"><xsl:value-of select="@when"/></xsl:when>
        <xsl:when test="@notBefore and @notAfter">
          <xsl:value-of select="concat(@notBefore, '/', @notAfter)"/>
        </xsl:when>
        <xsl:when test="@from and @to"><xsl:value-of select="concat(@from, '/', @to)"/></xsl:when>
        <xsl:when test="@notBefore"><xsl:value-of select="concat(@notBefore, '/..')"/></xsl:when>
        <xsl:when test="@notAfter"><xsl:value-of select="concat('../', @notAfter)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="normalize-space(.)"/></xsl:otherwise>
      </xsl:choose>
    </dc:date>
  </xsl:template>

</xsl:stylesheet>
