<?xml version="1.0" encoding="UTF-8"?>
<!-- The diplomatic page, for diplomatic.xsl and views.xsl, which include it (it is no stylesheet of
     its own: it uses common.xsl's templates, and each includer says by "sheet-content" how a
     division's content is rendered). -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:variable name="text" select="/tei:TEI/tei:text"/>

  <xsl:template name="diplomatic-page">
    <html lang="{$doc-lang}">
      <xsl:call-template name="html-head"><xsl:with-param name="view-title" select="'diplomatic view'"/></xsl:call-template>
      <body class="view-diplomatic">
        <xsl:call-template name="nav"><xsl:with-param name="current" select="'diplomatic'"/></xsl:call-template>
        <main>
          <xsl:call-template name="page-title"/>
          <xsl:for-each select="$text/tei:body/tei:div">
            <section class="division division-{@type}" lang="{@xml:lang}">
              <h2><xsl:call-template name="division-heading"/></h2>
              <div class="sheet">
                <xsl:call-template name="sheet-content"/>
              </div>
            </section>
          </xsl:for-each>
          <xsl:call-template name="legend"/>
          <xsl:call-template name="conventions-legend"/>
        </main>
        <xsl:call-template name="footer"/>
      </body>
    </html>
  </xsl:template>

  <!-- The links of a block of a division (one with an id, not a section) to the same block in the
       other views; both diplomatic stylesheets call it before each such block. -->
  <xsl:template name="sheet-unit-links">
    <xsl:if test="@xml:id and parent::tei:div[parent::tei:body or parent::tei:div] and not(self::tei:div)">
      <xsl:call-template name="unit-links">
        <xsl:with-param name="in-reading" select="ancestor::tei:div[parent::tei:body]/@type = 'translation'
                                                  or not($text/tei:body/tei:div[@type = 'translation'])"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- Legend: one entry per kind of mark the document uses, and a swatch per hand. Tests are
       joined by "or", not "|": a boolean stops at the first node found. -->
  <xsl:template name="legend">
    <xsl:variable name="t" select="$text"/>
    <section class="legend" aria-labelledby="legend-title">
      <h2 id="legend-title">Legend</h2>
      <dl>
        <xsl:if test="$t//tei:pb">
          <dt><span class="pb sample">page 2</span></dt><dd>Page break, with the page number</dd>
        </xsl:if>
        <xsl:if test="$t//tei:fw">
          <dt><span class="fw sample">16</span></dt><dd>Forme work: registry, copy and page numbers printed on the page</dd>
        </xsl:if>
        <xsl:if test="$t//tei:add">
          <dt><span class="add sample">added</span></dt><dd>Handwritten addition (colour by hand; set in the margin where the source has it there)</dd>
        </xsl:if>
        <xsl:if test="$t//tei:note[@place] or $t//tei:ab[@type = 'annotation']">
          <dt><span class="note-annotation sample">note</span></dt><dd>Handwritten annotation</dd>
        </xsl:if>
        <xsl:if test="$t//tei:note[@type = 'translator' or @type = 'editorial' or @type = 'unknown']">
          <dt><span class="note-translator sample">note</span></dt><dd>Translator's or editor's note</dd>
        </xsl:if>
        <xsl:if test="$t//tei:stamp or $t//tei:seg[@type = 'stamp']">
          <dt><span class="stamp sample">STAMP</span></dt><dd>Stamp</dd>
        </xsl:if>
        <xsl:if test="$t//tei:seg[@type = 'signature'] or $t//tei:signed">
          <dt><span class="signed sample">Name</span></dt><dd>Signature</dd>
        </xsl:if>
        <xsl:if test="$t//tei:gap">
          <dt><span class="gap sample">[…]</span></dt><dd>Gap: text illegible, omitted, off the page or left blank</dd>
        </xsl:if>
        <xsl:if test="$t//tei:unclear">
          <dt><span class="unclear sample">word</span></dt><dd>Uncertain reading</dd>
        </xsl:if>
        <xsl:if test="$t//tei:sic">
          <dt><span class="sic sample">word</span></dt><dd>Sic: so in the source</dd>
        </xsl:if>
        <xsl:if test="$t//tei:supplied">
          <dt><span class="supplied sample">[word]</span></dt><dd>Supplied by the translator</dd>
        </xsl:if>
        <xsl:if test="$t//tei:foreign or $t//tei:term">
          <dt><span class="foreign sample">[slovo]</span></dt><dd>Original-language term</dd>
        </xsl:if>
        <xsl:for-each select="$header/tei:profileDesc/tei:handNotes/tei:handNote[not(@medium = 'typescript')]">
          <dt><span class="add sample hand-c{(count(preceding-sibling::tei:handNote) mod 6) + 1}"><xsl:value-of select="@xml:id"/></span></dt>
          <dd><xsl:value-of select="normalize-space(.)"/></dd>
        </xsl:for-each>
      </dl>
    </section>
  </xsl:template>

</xsl:stylesheet>
