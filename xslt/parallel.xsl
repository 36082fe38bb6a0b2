<?xml version="1.0" encoding="UTF-8"?>
<!-- Parallel view: the original beside each translation, one row per aligned group of units. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:str="http://exslt.org/strings"
    xmlns:exsl="http://exslt.org/common"
    xmlns:math="http://exslt.org/math"
    exclude-result-prefixes="tei str exsl math">

  <xsl:import href="common.xsl"/>
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <!-- A unit is a block directly inside a division or one of its sections; an opener, closer or
       postscript without an id of its own or text (the converter ids its lines) gives its lines
       as units. Keyed by the division of the body it lies in ('' outside them), this is the one
       definition, for $O, each table's $T, $rendered and the ends of links (views.xsl's mode
       "sheet" follows it too). -->
  <xsl:key name="unit" use="generate-id(ancestor::tei:div[parent::tei:body])"
           match="tei:div/*[not(self::tei:div or self::tei:lb)
                            and not((self::tei:opener or self::tei:closer or self::tei:postscript) and not(@xml:id) and not(text()[normalize-space()]))]
                  | tei:div/*[(self::tei:opener or self::tei:closer or self::tei:postscript) and not(@xml:id) and not(text()[normalize-space()])]
                           /*[not(self::tei:div or self::tei:lb)
                              and not((self::tei:opener or self::tei:closer or self::tei:postscript) and not(@xml:id) and not(text()[normalize-space()]))]"/>
  <!-- Entries of a table's link map (see "table") by generate-id, a translation unit's also by
       its position. Rooted at /m so that indexing the TEI document, which libxslt does for every
       key of a stylesheet, costs nothing. -->
  <xsl:key name="link" match="/m//*" use="@g | self::t/@p"/>
  <!-- The alignment links (those the walk reads, see "table") by their pointers. -->
  <xsl:key name="link-to" match="/tei:TEI/tei:standOff/tei:linkGrp[@type = 'alignment']/tei:link" use="str:tokenize(@target, ' ')"/>

  <xsl:variable name="body" select="/tei:TEI/tei:text/tei:body"/>
  <xsl:variable name="original" select="$body/tei:div[@type = 'original'][1]"/>
  <xsl:variable name="O-id" select="generate-id($original)"/>
  <xsl:variable name="O" select="key('unit', $O-id)[$original]"/>

  <!-- Every unit's HTML, made once (an original shown beside two translations is in both tables,
       and views.xsl copies the units into its diplomatic page as well): a <d g="{division}"> for
       each division of the body holding a <u g="{unit}"> for each of its units in order, which
       says in @line whether it is a line of an opener, closer or postscript. The rows show these
       cells, not the units: $O-cells and each table's $T-cells, in the order of $O and $T. -->
  <xsl:variable name="rendered-rtf">
    <xsl:for-each select="$body/tei:div">
      <d g="{generate-id()}">
        <xsl:for-each select="key('unit', generate-id())">
          <u g="{generate-id()}">
            <xsl:if test="parent::tei:opener or parent::tei:closer or parent::tei:postscript">
              <xsl:attribute name="line"><xsl:value-of select="local-name(..)"/></xsl:attribute>
            </xsl:if>
            <xsl:apply-templates select="."/>
          </u>
        </xsl:for-each>
      </d>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="rendered" select="exsl:node-set($rendered-rtf)"/>
  <xsl:variable name="O-cells" select="$rendered/d[@g = $O-id]/u"/>

  <xsl:template match="/" name="parallel-page">
    <html lang="{$doc-lang}">
      <xsl:call-template name="html-head"><xsl:with-param name="view-title" select="'parallel view'"/></xsl:call-template>
      <body class="view-parallel">
        <xsl:call-template name="nav"><xsl:with-param name="current" select="'parallel'"/></xsl:call-template>
        <main>
          <xsl:call-template name="page-title"/>
          <xsl:call-template name="alignment-summary"/>
          <xsl:for-each select="$body/tei:div[@type = 'translation']">
            <xsl:call-template name="table"><xsl:with-param name="D" select="."/></xsl:call-template>
          </xsl:for-each>
          <xsl:if test="not($body/tei:div[@type = 'translation'])">
            <xsl:call-template name="table"/>
          </xsl:if>
          <xsl:call-template name="conventions-legend"/>
        </main>
        <xsl:call-template name="footer"/>
      </body>
    </html>
  </xsl:template>

  <!-- How much of each translation and of the original has a counterpart, when not all of it does:
       the reader learns that the original is partial, or that some passages stand alone. A unit
       is linked when it has a @corresp or a standOff link names it (one key look-up each). -->
  <xsl:template name="alignment-summary">
    <xsl:if test="$original">
      <xsl:variable name="O-linked" select="$O[@corresp or key('link-to', concat('#', @xml:id))]"/>
      <xsl:for-each select="$body/tei:div[@type = 'translation']">
        <xsl:variable name="T" select="key('unit', generate-id())"/>
        <xsl:variable name="T-linked" select="$T[@corresp or key('link-to', concat('#', @xml:id))]"/>
        <xsl:if test="count($T-linked) &lt; count($T) or count($O-linked) &lt; count($O)">
          <p class="alignment-summary">
            <xsl:call-template name="division-heading"/>
            <xsl:value-of select="concat(': ', count($T-linked), ' of ', count($T), ' passages have a counterpart in the original, and ',
                                         count($O-linked), ' of ', count($O), ' passages of the original one in a translation. ')"/>
            <xsl:text>The others (notes, stamps, page furniture, or text the other side does not give: a partial transcription) stand in rows of their own, marked “no counterpart”.</xsl:text>
          </p>
        </xsl:if>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <!-- One aligned table: the original against translation $D (either may be absent). -->
  <xsl:template name="table">
    <xsl:param name="D" select="/.."/>
    <xsl:variable name="T" select="key('unit', generate-id($D))[$D]"/>
    <!-- The link map: each unit's entry, <t> in $T and <o> in $O, with its position; then every
         TEI link as a group <g> of the units its ends <e> lie in: a @corresp joins its element and
         each element it points at, a standOff link all its ends. Two units are aligned when a group
         holds both. -->
    <xsl:variable name="links-rtf">
      <m>
        <xsl:if test="$D">
          <xsl:for-each select="$T"><t g="{generate-id()}" p="{position()}"/></xsl:for-each>
          <xsl:for-each select="$O"><o g="{generate-id()}" p="{position()}"/></xsl:for-each>
          <!-- str:tokenize makes a document each time: pointers are split only when there are several. -->
          <xsl:for-each select="$D//*[@corresp] | $original//*[@corresp]">
            <xsl:choose>
              <xsl:when test="contains(@corresp, ' ')">
                <xsl:call-template name="corresp-groups">
                  <xsl:with-param name="to" select="key('by-ref', str:tokenize(@corresp, ' '))/.."/>
                </xsl:call-template>
              </xsl:when>
              <xsl:otherwise>
                <xsl:call-template name="corresp-groups"><xsl:with-param name="to" select="key('by-ref', @corresp)/.."/></xsl:call-template>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
          <xsl:for-each select="/tei:TEI/tei:standOff/tei:linkGrp[@type = 'alignment']/tei:link">
            <g>
              <xsl:for-each select="key('by-ref', str:tokenize(@target, ' '))/..">
                <xsl:call-template name="link-end"/>
              </xsl:for-each>
            </g>
          </xsl:for-each>
        </xsl:if>
      </m>
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
      <!-- The walk looks links up by key, so it runs inside the link map. -->
      <xsl:variable name="T-cells" select="$rendered/d[@g = generate-id($D)]/u"/>
      <xsl:for-each select="exsl:node-set($links-rtf)">
        <xsl:call-template name="rows">
          <xsl:with-param name="D" select="$D"/>
          <xsl:with-param name="T-cells" select="$T-cells"/>
        </xsl:call-template>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- The groups of a @corresp: its element with each element it points at, $to; but for a pair
       that a standOff link already joins (the converter writes both), which adds nothing. -->
  <xsl:template name="corresp-groups">
    <xsl:param name="to"/>
    <xsl:variable name="from" select="."/>
    <xsl:variable name="from-links" select="key('link-to', concat('#', @xml:id))[current()/@xml:id]"/>
    <xsl:for-each select="$to">
      <xsl:if test="not($from-links[contains(concat(' ', @target, ' '), concat(' #', current()/@xml:id, ' '))])">
        <g>
          <xsl:for-each select="$from"><xsl:call-template name="link-end"/></xsl:for-each>
          <xsl:call-template name="link-end"/>
        </g>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- A link end as the unit it lies in: itself, or its nearest unit ancestor (a line of an
       opener with an id). The first test is a cheap sufficient one that most ends pass; the key
       answers the rest. An end in no unit is the units it contains (a section, a division), or
       none (the header, a break between units): it must not move the walk past other units. -->
  <xsl:template name="link-end">
    <xsl:choose>
      <xsl:when test="not(self::tei:div or self::tei:lb or self::tei:opener or self::tei:closer or self::tei:postscript)
                      and (parent::tei:div or parent::*[self::tei:opener or self::tei:closer or self::tei:postscript]
                           [not(@xml:id)][not(text()[normalize-space()])][parent::tei:div])">
        <e g="{generate-id()}"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="units" select="key('unit', generate-id(ancestor-or-self::tei:div[parent::tei:body]))"/>
        <xsl:variable name="unit" select="ancestor-or-self::*[count($units | .) = count($units)][1]"/>
        <xsl:choose>
          <xsl:when test="$unit"><e g="{generate-id($unit)}"/></xsl:when>
          <xsl:otherwise>
            <xsl:variable name="end" select="."/>
            <xsl:for-each select="$units[count(ancestor::* | $end) = count(ancestor::*)]"><e g="{generate-id()}"/></xsl:for-each>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Walk the translation in order; $i is how far the original has been shown. Each original
       unit is shown once, in order: a row takes every original unit up to its last partner.
       Context: the link map, where the original units linked with translation units $t are
       key('link', key('link', $t/@g)[self::e]/../e/@g)[self::o]. -->
  <xsl:template name="rows">
    <xsl:param name="D"/>
    <xsl:param name="T-cells"/>
    <xsl:param name="j" select="1"/>
    <xsl:param name="i" select="0"/>
    <xsl:choose>
      <xsl:when test="$j &gt; count($T-cells)">
        <xsl:for-each select="$O-cells[position() &gt; $i]">
          <xsl:call-template name="row"><xsl:with-param name="D" select="$D"/><xsl:with-param name="left" select="."/></xsl:call-template>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="origs" select="key('link', key('link', key('link', $j)[self::t]/@g)[self::e]/../e/@g)[self::o]"/>
        <xsl:variable name="last-orig" select="math:max($origs/@p)"/>
        <xsl:choose>
          <xsl:when test="not($origs) or $last-orig &lt;= $i">
            <xsl:call-template name="row"><xsl:with-param name="D" select="$D"/><xsl:with-param name="right" select="$T-cells[$j]"/></xsl:call-template>
            <xsl:call-template name="rows">
              <xsl:with-param name="D" select="$D"/><xsl:with-param name="T-cells" select="$T-cells"/>
              <xsl:with-param name="j" select="$j + 1"/><xsl:with-param name="i" select="$i"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <!-- The row runs to the last translation unit that shares these originals. -->
            <xsl:variable name="t-last" select="math:max(key('link', key('link', $origs/@g)[self::e]/../e/@g)[self::t]/@p)"/>
            <!-- The originals linked to the row's units, past those shown: those of unit $j when
                 the row has one unit (most rows; the guards test once, on one node). -->
            <xsl:variable name="linked" select="$origs[$t-last = $j]/@p[. &gt; $i]
                | key('link', key('link', /m[$t-last != $j]/t[position() &gt;= $j and position() &lt;= $t-last]/@g)[self::e]/../e/@g)[self::o]/@p[. &gt; $i]"/>
            <xsl:variable name="first" select="math:min($linked)"/>
            <xsl:variable name="last" select="math:max($linked)"/>
            <!-- Original units before this group: rows of their own. -->
            <xsl:if test="$first &gt; $i + 1">
              <xsl:for-each select="$O-cells[position() &gt; $i and position() &lt; $first]">
                <xsl:call-template name="row"><xsl:with-param name="D" select="$D"/><xsl:with-param name="left" select="."/></xsl:call-template>
              </xsl:for-each>
            </xsl:if>
            <!-- One unit a side (most rows): a position is cheaper to select than a range. -->
            <xsl:choose>
              <xsl:when test="$first = $last and $t-last = $j">
                <xsl:call-template name="row">
                  <xsl:with-param name="D" select="$D"/><xsl:with-param name="left" select="$O-cells[$first]"/><xsl:with-param name="right" select="$T-cells[$j]"/>
                </xsl:call-template>
              </xsl:when>
              <xsl:otherwise>
                <xsl:call-template name="row">
                  <xsl:with-param name="D" select="$D"/>
                  <xsl:with-param name="left" select="$O-cells[position() &gt;= $first and position() &lt;= $last]"/>
                  <xsl:with-param name="right" select="$T-cells[position() &gt;= $j and position() &lt;= $t-last]"/>
                </xsl:call-template>
              </xsl:otherwise>
            </xsl:choose>
            <xsl:call-template name="rows">
              <xsl:with-param name="D" select="$D"/><xsl:with-param name="T-cells" select="$T-cells"/>
              <xsl:with-param name="j" select="$t-last + 1"/><xsl:with-param name="i" select="$last"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One row: original cell, translation cell (the units' HTML, <u>s of $rendered); an empty side
       keeps its place. -->
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
          <xsl:attribute name="data-label">Original (<xsl:call-template name="lang-name"><xsl:with-param name="code" select="$original/@xml:lang"/></xsl:call-template>)</xsl:attribute>
          <!-- beside a second translation the original is shown again: its ids take a suffix -->
          <xsl:apply-templates select="$left" mode="unit">
            <xsl:with-param name="id-suffix">
              <xsl:if test="$D/preceding-sibling::tei:div[@type = 'translation'][1]">
                <xsl:value-of select="concat('-', count($D/preceding-sibling::tei:div[@type = 'translation']) + 1)"/>
              </xsl:if>
            </xsl:with-param>
          </xsl:apply-templates>
        </div>
      </xsl:if>
      <xsl:if test="$D">
        <div class="cell translation" lang="{$D/@xml:lang}">
          <xsl:attribute name="data-label">Translation (<xsl:call-template name="lang-name"><xsl:with-param name="code" select="$D/@xml:lang"/></xsl:call-template>)</xsl:attribute>
          <xsl:apply-templates select="$right" mode="unit"/>
        </div>
      </xsl:if>
    </div>
  </xsl:template>

  <xsl:template match="u" mode="unit">
    <xsl:param name="id-suffix" select="''"/>
    <xsl:call-template name="row-unit-links"><xsl:with-param name="id-suffix" select="$id-suffix"/></xsl:call-template>
    <xsl:call-template name="unit-html"><xsl:with-param name="id-suffix" select="$id-suffix"/></xsl:call-template>
  </xsl:template>

  <!-- A line of an opener, closer or postscript keeps its container's look. -->
  <xsl:template match="u[@line]" mode="unit">
    <xsl:param name="id-suffix" select="''"/>
    <div class="{@line} line">
      <xsl:call-template name="row-unit-links"><xsl:with-param name="id-suffix" select="$id-suffix"/></xsl:call-template>
      <xsl:call-template name="unit-html"><xsl:with-param name="id-suffix" select="$id-suffix"/></xsl:call-template>
    </div>
  </xsl:template>

  <!-- The links of a unit of a row (context: its <u>): the reading view shows it unless it is
       the original of a document with a translation. -->
  <xsl:template name="row-unit-links">
    <xsl:param name="id-suffix" select="''"/>
    <xsl:call-template name="unit-links">
      <xsl:with-param name="uid" select="*[1]/@id"/>
      <xsl:with-param name="anchor" select="concat(*[1]/@id, $id-suffix)"/>
      <xsl:with-param name="in-reading" select="../@g != $O-id or not($body/tei:div[@type = 'translation'])"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A unit's HTML: copied, or with every id suffixed where the page already has it. -->
  <xsl:template name="unit-html">
    <xsl:param name="id-suffix"/>
    <xsl:choose>
      <xsl:when test="$id-suffix = ''"><xsl:copy-of select="node()"/></xsl:when>
      <xsl:otherwise><xsl:apply-templates select="node()" mode="reid"><xsl:with-param name="id-suffix" select="$id-suffix"/></xsl:apply-templates></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="*" mode="reid">
    <xsl:param name="id-suffix"/>
    <xsl:copy>
      <xsl:copy-of select="@*"/>
      <xsl:if test="@id"><xsl:attribute name="id"><xsl:value-of select="concat(@id, $id-suffix)"/></xsl:attribute></xsl:if>
      <xsl:apply-templates select="node()" mode="reid"><xsl:with-param name="id-suffix" select="$id-suffix"/></xsl:apply-templates>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="text() | comment()" mode="reid"><xsl:copy-of select="."/></xsl:template>

</xsl:stylesheet>
