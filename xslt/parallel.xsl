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
  <!-- A unit's HTML in $rendered by its division's generate-id and its place there. -->
  <xsl:key name="cell" match="/d/u" use="concat(../@g, ' ', @p)"/>
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
       cells, not the units: by key 'cell', by division and position in $O or $T. -->
  <xsl:variable name="rendered-rtf">
    <xsl:for-each select="$body/tei:div">
      <d g="{generate-id()}">
        <xsl:for-each select="key('unit', generate-id())">
          <u g="{generate-id()}" p="{position()}">
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

  <!-- Beside a second translation the original is shown again: its ids take a suffix, -2 for the
       second translation and so on (<s g="{the translation's generate-id}" v="-2"/>). -->
  <xsl:variable name="id-suffixes-rtf">
    <xsl:for-each select="$body/tei:div[@type = 'translation']">
      <xsl:if test="position() &gt; 1"><s g="{generate-id()}" v="-{position()}"/></xsl:if>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="id-suffixes" select="exsl:node-set($id-suffixes-rtf)/s"/>

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
      <xsl:variable name="T-cells" select="$rendered/d[@g = generate-id($D)]/u"/>
      <!-- The walk ("rows") is cut where its state is known without walking up to there (see
           "plan"), and each piece walked on its own: its recursion is as deep as a piece is long,
           a unit or two, not as the document. It looks links up by key, so it runs inside the
           planned link map. -->
      <xsl:variable name="links" select="exsl:node-set($links-rtf)/m"/>
      <xsl:variable name="ends-rtf">
        <xsl:for-each select="$links/t">
          <xsl:variable name="origs" select="key('link', key('link', @g)[self::e]/../e/@g)[self::o]"/>
          <t g="{@g}" p="{@p}" a="0">
            <xsl:if test="$origs">
              <xsl:attribute name="a"><xsl:value-of select="math:max($origs/@p)"/></xsl:attribute>
              <xsl:attribute name="tl"><xsl:value-of select="math:max(key('link', key('link', $origs/@g)[self::e]/../e/@g)[self::t]/@p)"/></xsl:attribute>
            </xsl:if>
          </t>
        </xsl:for-each>
      </xsl:variable>
      <xsl:variable name="planned-rtf">
        <m>
          <xsl:call-template name="plan"><xsl:with-param name="units" select="exsl:node-set($ends-rtf)/t"/></xsl:call-template>
          <xsl:copy-of select="$links/*[not(self::t)]"/>
        </m>
      </xsl:variable>
      <xsl:variable name="nT" select="count($T-cells)"/>
      <xsl:for-each select="exsl:node-set($planned-rtf)">
        <xsl:if test="not(m/t)">
          <xsl:call-template name="rows"><xsl:with-param name="D" select="$D"/><xsl:with-param name="nT" select="count($T-cells)"/></xsl:call-template>
        </xsl:if>
        <xsl:for-each select="m/t[@cut = 1]">
          <xsl:call-template name="rows">
            <xsl:with-param name="D" select="$D"/>
            <xsl:with-param name="nT" select="$nT"/>
            <xsl:with-param name="from" select="number(@p)"/>
            <xsl:with-param name="j" select="number(@p)"/>
            <xsl:with-param name="i" select="number(@m)"/>
          </xsl:call-template>
        </xsl:for-each>
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

  <!-- Where the walk can be cut. Unit j's furthest original is a(j) (0: none) and, when it has
       one, tl(j) the last translation unit linked to its originals. The walk reaches j with $i =
       m(j), the greatest a before j (it shows originals up to the furthest linked so far), and
       a row starts a group at j only if a(j) > m(j), running to tl(j). So j is surely reached,
       a cut, when no such j' < j has tl(j') >= j. m and that greatest tl are running maxima,
       made by halving the units (recursion log2(n) deep, n log n work), each half starting from
       the maxima the half before it ends with: @m, @r before each unit, @cut, @m-end, @r-end. -->
  <xsl:template name="plan">
    <xsl:param name="units"/>
    <xsl:param name="m" select="0"/>
    <xsl:param name="r" select="0"/>
    <xsl:variable name="n" select="count($units)"/>
    <xsl:choose>
      <xsl:when test="$n = 1">
        <xsl:variable name="a" select="number($units/@a)"/>
        <t g="{$units/@g}" p="{$units/@p}" m="{$m}" cut="{number($r &lt; $units/@p)}">
          <xsl:choose>
            <xsl:when test="$a &gt; $m">
              <xsl:attribute name="m-end"><xsl:value-of select="$a"/></xsl:attribute>
              <xsl:attribute name="r-end">
                <xsl:choose>
                  <xsl:when test="$units/@tl &gt; $r"><xsl:value-of select="$units/@tl"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="$r"/></xsl:otherwise>
                </xsl:choose>
              </xsl:attribute>
            </xsl:when>
            <xsl:otherwise>
              <xsl:attribute name="m-end"><xsl:value-of select="$m"/></xsl:attribute>
              <xsl:attribute name="r-end"><xsl:value-of select="$r"/></xsl:attribute>
            </xsl:otherwise>
          </xsl:choose>
        </t>
      </xsl:when>
      <xsl:when test="$n &gt; 1">
        <xsl:variable name="half" select="floor($n div 2)"/>
        <xsl:variable name="left-rtf">
          <xsl:call-template name="plan">
            <xsl:with-param name="units" select="$units[position() &lt;= $half]"/>
            <xsl:with-param name="m" select="$m"/><xsl:with-param name="r" select="$r"/>
          </xsl:call-template>
        </xsl:variable>
        <xsl:variable name="left" select="exsl:node-set($left-rtf)/t"/>
        <xsl:copy-of select="$left"/>
        <xsl:call-template name="plan">
          <xsl:with-param name="units" select="$units[position() &gt; $half]"/>
          <xsl:with-param name="m" select="number($left[last()]/@m-end)"/>
          <xsl:with-param name="r" select="number($left[last()]/@r-end)"/>
        </xsl:call-template>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- Walk the translation in order from unit $from up to the next cut; $i is how far the original
       has been shown. Each original unit is shown once, in order: a row takes every original unit
       up to its last partner. Context: the planned link map, where the original units linked
       with translation units $t are key('link', key('link', $t/@g)[self::e]/../e/@g)[self::o]. -->
  <xsl:template name="rows">
    <xsl:param name="D"/>
    <xsl:param name="nT"/>
    <xsl:param name="from" select="1"/>
    <xsl:param name="j" select="1"/>
    <xsl:param name="i" select="0"/>
    <xsl:choose>
      <xsl:when test="$j &gt; $from and key('link', $j)[self::t]/@cut = 1"/>
      <xsl:when test="$j &gt; $nT">
        <xsl:call-template name="original-rows">
          <xsl:with-param name="D" select="$D"/><xsl:with-param name="first" select="$i + 1"/><xsl:with-param name="last" select="count($O)"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="origs" select="key('link', key('link', key('link', $j)[self::t]/@g)[self::e]/../e/@g)[self::o]"/>
        <xsl:variable name="last-orig" select="math:max($origs/@p)"/>
        <xsl:choose>
          <xsl:when test="not($origs) or $last-orig &lt;= $i">
            <xsl:call-template name="row"><xsl:with-param name="D" select="$D"/><xsl:with-param name="t-first" select="$j"/></xsl:call-template>
            <xsl:call-template name="rows">
              <xsl:with-param name="D" select="$D"/><xsl:with-param name="nT" select="$nT"/>
              <xsl:with-param name="from" select="$from"/><xsl:with-param name="j" select="$j + 1"/><xsl:with-param name="i" select="$i"/>
            </xsl:call-template>
          </xsl:when>
          <xsl:otherwise>
            <!-- The row runs to the last translation unit that shares these originals. -->
            <xsl:variable name="t-last" select="math:max(key('link', key('link', $origs/@g)[self::e]/../e/@g)[self::t]/@p)"/>
            <!-- The originals linked to the row's units, past those shown: those of unit $j when
                 the row has one unit (most rows; the guards test once, on one node). -->
            <xsl:variable name="spread-rtf">
              <xsl:if test="$t-last != $j">
                <xsl:call-template name="linked-originals"><xsl:with-param name="first" select="$j"/><xsl:with-param name="last" select="$t-last"/></xsl:call-template>
              </xsl:if>
            </xsl:variable>
            <xsl:variable name="linked" select="$origs[$t-last = $j]/@p[. &gt; $i] | exsl:node-set($spread-rtf)/v[. &gt; $i]"/>
            <xsl:variable name="first" select="math:min($linked)"/>
            <xsl:variable name="last" select="math:max($linked)"/>
            <!-- Original units before this group: rows of their own. -->
            <xsl:call-template name="original-rows">
              <xsl:with-param name="D" select="$D"/><xsl:with-param name="first" select="$i + 1"/><xsl:with-param name="last" select="$first - 1"/>
            </xsl:call-template>
            <xsl:call-template name="row">
              <xsl:with-param name="D" select="$D"/>
              <xsl:with-param name="o-first" select="$first"/><xsl:with-param name="o-last" select="$last"/>
              <xsl:with-param name="t-first" select="$j"/><xsl:with-param name="t-last" select="$t-last"/>
            </xsl:call-template>
            <xsl:call-template name="rows">
              <xsl:with-param name="D" select="$D"/><xsl:with-param name="nT" select="$nT"/>
              <xsl:with-param name="from" select="$from"/><xsl:with-param name="j" select="$t-last + 1"/><xsl:with-param name="i" select="$last"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Ranges of positions are taken by halving (recursion log2 of the range deep, each position
       once), not by a predicate on position(), which visits the whole list for every row. -->

  <!-- A row of its own for each original unit $first to $last. -->
  <xsl:template name="original-rows">
    <xsl:param name="D"/>
    <xsl:param name="first"/>
    <xsl:param name="last"/>
    <xsl:choose>
      <xsl:when test="$first = $last">
        <xsl:call-template name="row"><xsl:with-param name="D" select="$D"/><xsl:with-param name="o-first" select="$first"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="$first &lt; $last">
        <xsl:variable name="middle" select="floor(($first + $last) div 2)"/>
        <xsl:call-template name="original-rows">
          <xsl:with-param name="D" select="$D"/><xsl:with-param name="first" select="$first"/><xsl:with-param name="last" select="$middle"/>
        </xsl:call-template>
        <xsl:call-template name="original-rows">
          <xsl:with-param name="D" select="$D"/><xsl:with-param name="first" select="$middle + 1"/><xsl:with-param name="last" select="$last"/>
        </xsl:call-template>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- <v>p</v> for each original unit linked with translation units $first to $last. Context: the
       planned link map. -->
  <xsl:template name="linked-originals">
    <xsl:param name="first"/>
    <xsl:param name="last"/>
    <xsl:choose>
      <xsl:when test="$first = $last">
        <xsl:for-each select="key('link', key('link', key('link', $first)[self::t]/@g)[self::e]/../e/@g)[self::o]/@p">
          <v><xsl:value-of select="."/></v>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="$first &lt; $last">
        <xsl:variable name="middle" select="floor(($first + $last) div 2)"/>
        <xsl:call-template name="linked-originals"><xsl:with-param name="first" select="$first"/><xsl:with-param name="last" select="$middle"/></xsl:call-template>
        <xsl:call-template name="linked-originals"><xsl:with-param name="first" select="$middle + 1"/><xsl:with-param name="last" select="$last"/></xsl:call-template>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- One row: original cells $o-first to $o-last, translation cells $t-first to $t-last (0: none);
       an empty side keeps its place. Cells are passed by position, not as node-sets, which
       libxslt copies whole at every call. -->
  <xsl:template name="row">
    <xsl:param name="D"/>
    <xsl:param name="o-first" select="0"/>
    <xsl:param name="o-last" select="$o-first"/>
    <xsl:param name="t-first" select="0"/>
    <xsl:param name="t-last" select="$t-first"/>
    <div>
      <xsl:attribute name="class">
        <xsl:text>row</xsl:text>
        <xsl:choose>
          <xsl:when test="$o-first &gt; 0 and $t-first &gt; 0"> aligned</xsl:when>
          <xsl:when test="$o-first &gt; 0"> original-only</xsl:when>
          <xsl:otherwise> translation-only</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:if test="$original">
        <div class="cell original" lang="{$original/@xml:lang}">
          <xsl:attribute name="data-label">Original (<xsl:call-template name="lang-name"><xsl:with-param name="code" select="$original/@xml:lang"/></xsl:call-template>)</xsl:attribute>
          <!-- beside a second translation the original is shown again: its ids take a suffix -->
          <xsl:call-template name="cells">
            <xsl:with-param name="division" select="$O-id"/><xsl:with-param name="first" select="$o-first"/><xsl:with-param name="last" select="$o-last"/>
            <xsl:with-param name="id-suffix" select="string($id-suffixes[@g = generate-id($D)]/@v)"/>
          </xsl:call-template>
        </div>
      </xsl:if>
      <xsl:if test="$D">
        <div class="cell translation" lang="{$D/@xml:lang}">
          <xsl:attribute name="data-label">Translation (<xsl:call-template name="lang-name"><xsl:with-param name="code" select="$D/@xml:lang"/></xsl:call-template>)</xsl:attribute>
          <xsl:call-template name="cells">
            <xsl:with-param name="division" select="generate-id($D)"/><xsl:with-param name="first" select="$t-first"/><xsl:with-param name="last" select="$t-last"/>
          </xsl:call-template>
        </div>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- The HTML of units $first to $last of a division (its generate-id) from $rendered, by key. -->
  <xsl:template name="cells">
    <xsl:param name="division"/>
    <xsl:param name="first"/>
    <xsl:param name="last"/>
    <xsl:param name="id-suffix" select="''"/>
    <xsl:for-each select="$rendered[$first &gt; 0]">
      <xsl:call-template name="cell-range">
        <xsl:with-param name="division" select="$division"/><xsl:with-param name="first" select="$first"/><xsl:with-param name="last" select="$last"/>
        <xsl:with-param name="id-suffix" select="$id-suffix"/>
      </xsl:call-template>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="cell-range">
    <xsl:param name="division"/>
    <xsl:param name="first"/>
    <xsl:param name="last"/>
    <xsl:param name="id-suffix"/>
    <xsl:choose>
      <xsl:when test="$first = $last">
        <xsl:apply-templates select="key('cell', concat($division, ' ', $first))" mode="unit">
          <xsl:with-param name="id-suffix" select="$id-suffix"/>
        </xsl:apply-templates>
      </xsl:when>
      <xsl:when test="$first &lt; $last">
        <xsl:variable name="middle" select="floor(($first + $last) div 2)"/>
        <xsl:call-template name="cell-range">
          <xsl:with-param name="division" select="$division"/><xsl:with-param name="first" select="$first"/><xsl:with-param name="last" select="$middle"/>
          <xsl:with-param name="id-suffix" select="$id-suffix"/>
        </xsl:call-template>
        <xsl:call-template name="cell-range">
          <xsl:with-param name="division" select="$division"/><xsl:with-param name="first" select="$middle + 1"/><xsl:with-param name="last" select="$last"/>
          <xsl:with-param name="id-suffix" select="$id-suffix"/>
        </xsl:call-template>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- A line of an opener, closer or postscript keeps its container's look. One template, tested
       inside: to match a pattern with a predicate (u[@line]) libxslt counts the node's siblings. -->
  <xsl:template match="u" mode="unit">
    <xsl:param name="id-suffix" select="''"/>
    <xsl:choose>
      <xsl:when test="@line">
        <div class="{@line} line">
          <xsl:call-template name="row-unit-links"><xsl:with-param name="id-suffix" select="$id-suffix"/></xsl:call-template>
          <xsl:call-template name="unit-html"><xsl:with-param name="id-suffix" select="$id-suffix"/></xsl:call-template>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="row-unit-links"><xsl:with-param name="id-suffix" select="$id-suffix"/></xsl:call-template>
        <xsl:call-template name="unit-html"><xsl:with-param name="id-suffix" select="$id-suffix"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
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
