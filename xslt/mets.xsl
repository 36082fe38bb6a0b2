<?xml version="1.0" encoding="UTF-8"?>
<!-- teiHeader -> METS for a deposit bag; the file section comes from the $files parameter. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:mets="http://www.loc.gov/METS/"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:str="http://exslt.org/strings"
    extension-element-prefixes="str"
    exclude-result-prefixes="tei str">

  <!-- The Dublin Core record is embedded in a dmdSec, made by the same templates as dc.xml. -->
  <xsl:import href="dc.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <!-- One line per payload file: href TAB mimetype TAB size TAB checksum TAB use. -->
  <xsl:param name="files" select="''"/>
  <xsl:param name="checksum-type" select="'SHA-256'"/>
  <xsl:param name="create-date" select="''"/>
  <xsl:param name="organization" select="''"/>
  <xsl:param name="software" select="'teiencode'"/>

  <xsl:variable name="TAB" select="'&#9;'"/>
  <xsl:variable name="NL" select="'&#10;'"/>

  <xsl:template match="/">
    <xsl:apply-templates select="tei:TEI/tei:teiHeader" mode="mets"/>
  </xsl:template>

  <xsl:template match="tei:teiHeader" mode="mets">
    <xsl:variable name="pub" select="tei:fileDesc/tei:publicationStmt"/>
    <xsl:variable name="title" select="normalize-space((tei:fileDesc/tei:titleStmt/tei:title[@type='main'] | tei:fileDesc/tei:titleStmt/tei:title)[1])"/>
    <xsl:variable name="objid">
      <xsl:choose>
        <xsl:when test="$pub/tei:idno[@type='URI']"><xsl:value-of select="normalize-space($pub/tei:idno[@type='URI'])"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="normalize-space($pub/tei:idno[@type='local'])"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="rows" select="str:tokenize($files, $NL)"/>
    <mets:mets OBJID="{$objid}" LABEL="{$title}" TYPE="TEI edition"
        xsi:schemaLocation="http://www.loc.gov/METS/ http://www.loc.gov/standards/mets/mets.xsd http://www.w3.org/1999/xlink http://www.loc.gov/standards/xlink/xlink.xsd">
      <mets:metsHdr>
        <xsl:if test="$create-date != ''">
          <xsl:attribute name="CREATEDATE"><xsl:value-of select="$create-date"/></xsl:attribute>
        </xsl:if>
        <xsl:variable name="org">
          <xsl:choose>
            <xsl:when test="$organization != ''"><xsl:value-of select="$organization"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="normalize-space($pub/tei:publisher)"/></xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:if test="$org != ''">
          <mets:agent ROLE="CREATOR" TYPE="ORGANIZATION"><mets:name><xsl:value-of select="$org"/></mets:name></mets:agent>
        </xsl:if>
        <mets:agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE"><mets:name><xsl:value-of select="$software"/></mets:name></mets:agent>
        <xsl:for-each select="$pub/tei:idno[@type='local']">
          <mets:altRecordID TYPE="local"><xsl:value-of select="normalize-space(.)"/></mets:altRecordID>
        </xsl:for-each>
      </mets:metsHdr>
      <mets:dmdSec ID="dmd-teiheader">
        <mets:mdWrap MDTYPE="TEIHDR" MIMETYPE="application/xml" LABEL="TEI header">
          <mets:xmlData><xsl:copy-of select="."/></mets:xmlData>
        </mets:mdWrap>
      </mets:dmdSec>
      <mets:dmdSec ID="dmd-dc">
        <mets:mdWrap MDTYPE="DC" MIMETYPE="application/xml" LABEL="Dublin Core (oai_dc)">
          <mets:xmlData><xsl:apply-templates select="." mode="dc"/></mets:xmlData>
        </mets:mdWrap>
      </mets:dmdSec>
      <mets:fileSec>
        <xsl:call-template name="file-group">
          <xsl:with-param name="rows" select="$rows"/>
          <xsl:with-param name="use" select="'master'"/>
        </xsl:call-template>
        <xsl:call-template name="file-group">
          <xsl:with-param name="rows" select="$rows"/>
          <xsl:with-param name="use" select="'display'"/>
        </xsl:call-template>
      </mets:fileSec>
      <mets:structMap TYPE="logical">
        <mets:div TYPE="edition" LABEL="{$title}" DMDID="dmd-teiheader dmd-dc">
          <xsl:for-each select="$rows">
            <mets:fptr FILEID="file-{position()}"/>
          </xsl:for-each>
        </mets:div>
      </mets:structMap>
    </mets:mets>
  </xsl:template>

  <!-- One fileGrp of the rows whose use column is $use; IDs number the rows in $files order. -->
  <xsl:template name="file-group">
    <xsl:param name="rows"/>
    <xsl:param name="use"/>
    <xsl:variable name="mine" select="$rows[substring-after(substring-after(substring-after(substring-after(., $TAB), $TAB), $TAB), $TAB) = $use]"/>
    <xsl:if test="$mine">
      <mets:fileGrp USE="{$use}">
        <xsl:for-each select="$mine">
          <xsl:variable name="cols" select="str:tokenize(., $TAB)"/>
          <mets:file ID="file-{count(preceding-sibling::*) + 1}" MIMETYPE="{$cols[2]}" SIZE="{$cols[3]}"
              CHECKSUM="{$cols[4]}" CHECKSUMTYPE="{$checksum-type}">
            <mets:FLocat LOCTYPE="URL" xlink:type="simple" xlink:href="{$cols[1]}"/>
          </mets:file>
        </xsl:for-each>
      </mets:fileGrp>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
