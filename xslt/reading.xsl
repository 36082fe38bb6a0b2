<?xml version="1.0" encoding="UTF-8"?>
<!-- Reading view: the translation as clean text, numbered notes, the header's facts and a citation. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:exsl="http://exslt.org/common"
    xmlns:str="http://exslt.org/strings"
    exclude-result-prefixes="tei exsl str">

  <xsl:import href="common.xsl"/>
  <xsl:output method="html" encoding="UTF-8" doctype-system="about:legacy-compat" indent="no"/>

  <!-- Each paragraph of the text ends with its links to the other views. -->
  <xsl:variable name="unit-links-in-p" select="true()"/>
  <xsl:variable name="fd" select="$header/tei:fileDesc"/>
  <xsl:variable name="ms" select="$fd/tei:sourceDesc/tei:msDesc"/>
  <xsl:variable name="pd" select="$header/tei:profileDesc"/>
  <xsl:variable name="body" select="/tei:TEI/tei:text/tei:body"/>
  <!-- The text read: the translations, or the original when there is none. -->
  <xsl:variable name="shown" select="$body/tei:div[@type = 'translation'] | $body/tei:div[@type = 'original'][not(../tei:div[@type = 'translation'])]"/>

  <xsl:template match="/">
    <html lang="{$doc-lang}">
      <xsl:call-template name="html-head"><xsl:with-param name="view-title" select="'reading view'"/></xsl:call-template>
      <body class="view-reading">
        <xsl:call-template name="nav"><xsl:with-param name="current" select="'reading'"/></xsl:call-template>
        <main data-pagefind-body="">
          <xsl:call-template name="page-title"/>
          <xsl:call-template name="search-filters"/>
          <xsl:call-template name="facts"/>
          <xsl:for-each select="$shown">
            <section class="division division-{@type}" lang="{@xml:lang}">
              <h2><xsl:call-template name="division-heading"/></h2>
              <xsl:apply-templates/>
            </section>
          </xsl:for-each>
          <xsl:call-template name="notes"/>
          <xsl:call-template name="conventions-legend"/>
          <xsl:call-template name="cite"/>
        </main>
        <xsl:call-template name="footer"/>
      </body>
    </html>
  </xsl:template>

  <!-- The document's facets for the search index (site/facets.py; Pagefind reads the attributes). -->
  <xsl:param name="facet-year" select="''"/>
  <xsl:param name="facet-language" select="''"/>
  <xsl:param name="facet-genre" select="''"/>
  <xsl:param name="facet-sender" select="''"/>
  <xsl:param name="facet-recipient" select="''"/>

  <xsl:template name="search-filters">
    <xsl:if test="$facet-year != ''"><span data-pagefind-filter="year:{$facet-year}"></span></xsl:if>
    <xsl:if test="$facet-language != ''"><span data-pagefind-filter="language:{$facet-language}"></span></xsl:if>
    <xsl:if test="$facet-genre != ''"><span data-pagefind-filter="genre:{$facet-genre}"></span></xsl:if>
    <xsl:for-each select="str:tokenize($facet-sender, ';')"><span data-pagefind-filter="sender:{normalize-space(.)}"></span></xsl:for-each>
    <xsl:for-each select="str:tokenize($facet-recipient, ';')"><span data-pagefind-filter="recipient:{normalize-space(.)}"></span></xsl:for-each>
  </xsl:template>

  <!-- ===== clean text ==================================================== -->

  <!-- Footnote refs by the note they point at: the note is anchored at its ref. -->
  <xsl:key name="ref-to" match="tei:ref[starts-with(@target, '#')]" use="substring(@target, 2)"/>

  <!-- A paragraph broken by a page (@part I, M, F) is read whole: its first part takes in the words
       of the parts that follow it (each leaves its id where it joins, so links to it still land),
       and those parts are not shown again. The sibling axes stop at the next paragraph. -->
  <xsl:template match="tei:p">
    <xsl:choose>
      <xsl:when test="@part = 'I' and following-sibling::tei:p[1][@part = 'M' or @part = 'F']">
        <p>
          <xsl:call-template name="common-attrs"/>
          <xsl:attribute name="data-part">joined</xsl:attribute>
          <xsl:apply-templates/>
          <xsl:apply-templates select="following-sibling::tei:p[1]" mode="part-rest"/>
          <xsl:if test="parent::tei:div"><xsl:call-template name="unit-links"/></xsl:if>
        </p>
      </xsl:when>
      <xsl:when test="(@part = 'M' or @part = 'F') and preceding-sibling::tei:p[1][@part = 'I' or @part = 'M']"/>
      <xsl:otherwise><xsl:apply-imports/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A later part of a broken paragraph, inside its first part: a space where a word ended at the
       page's end (not after a hyphen, nor before a mark or punctuation), its id, its words. -->
  <xsl:template match="tei:p" mode="part-rest">
    <xsl:if test="@part = 'M' or @part = 'F'">
      <xsl:variable name="first" select="node()[1]"/>
      <xsl:variable name="before" select="preceding-sibling::tei:p[1]"/>
      <xsl:if test="$first/self::text() and translate(substring(normalize-space($first), 1, 1), '.,;:!?)]»”', '') != ''
                    and substring($before, string-length($before)) != '-'">
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:if test="@xml:id"><span id="{@xml:id}" class="part-join"></span></xsl:if>
      <xsl:apply-templates/>
      <xsl:if test="@part = 'M'"><xsl:apply-templates select="following-sibling::tei:p[1]" mode="part-rest"/></xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- Page furniture keeps its words (a registry number, a page's marker), set apart by the
       shared fw template; a page break's own number is the marker's, so it adds none. -->
  <xsl:template match="tei:pb"/>

  <!-- Numbered notes: every note of the text, anchored at its footnote mark when the page shows one. -->
  <xsl:template match="tei:note | tei:ref[starts-with(@target, '#') and key('by-ref', @target)/parent::tei:note]">
    <xsl:variable name="n"><xsl:call-template name="note-number"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="$n != ''"><xsl:call-template name="note-anchor"><xsl:with-param name="n" select="$n"/></xsl:call-template></xsl:when>
      <!-- a footnote's own text appears in the notes, at its mark, not where the export put it -->
      <xsl:when test="self::tei:note and key('ref-to', @xml:id)[ancestor::*[count(. | $read) = count($read)]]"/>
      <xsl:when test="self::tei:note[@type = 'distribution']"><xsl:apply-imports/></xsl:when>
      <!-- elsewhere (a header field the page quotes): the note in brackets where it stands -->
      <xsl:when test="self::tei:note">[<xsl:apply-templates/>]</xsl:when>
      <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="note-anchor">
    <xsl:param name="n"/>
    <xsl:variable name="mark">
      <sup class="noteref"><a id="noteref-{$n}" href="#note-{$n}" aria-label="Note {$n}"><xsl:value-of select="$n"/></a></sup>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="parent::tei:div or parent::tei:body">
        <p class="note-anchor">
          <xsl:if test="@xml:id"><xsl:attribute name="id"><xsl:value-of select="@xml:id"/></xsl:attribute></xsl:if>
          <xsl:copy-of select="$mark"/>
        </p>
      </xsl:when>
      <xsl:otherwise><xsl:copy-of select="$mark"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The note anchors of what the page shows (the summary, then the text), numbered from 1 in
       that order: notes of a division the page does not show take no number. A note is anchored
       at a footnote mark the page shows, else where it stands (its mark may be in the original). -->
  <xsl:variable name="read" select="$pd/tei:abstract | $shown"/>
  <xsl:variable name="marks" select="$read//tei:ref[starts-with(@target, '#') and key('by-ref', @target)/parent::tei:note]"/>
  <!-- (A ref to a note that lies in $read is one of $marks: a note is tested against its own few
       refs, not against every mark.) -->
  <xsl:variable name="anchors"
      select="$read//tei:note[not(@type = 'distribution')][not(key('ref-to', @xml:id)[ancestor::*[count(. | $read) = count($read)]])] | $marks"/>
  <!-- Each anchor's number, by generate-id (key "note-number"): looked up, not counted. -->
  <xsl:variable name="numbers-rtf">
    <xsl:for-each select="$anchors"><n g="{generate-id()}" v="{position()}"/></xsl:for-each>
  </xsl:variable>
  <xsl:variable name="numbers" select="exsl:node-set($numbers-rtf)"/>
  <xsl:key name="note-number" match="/n" use="@g"/>

  <!-- The context node's note number; empty when it is no anchor. -->
  <xsl:template name="note-number">
    <xsl:variable name="g" select="generate-id()"/>
    <xsl:for-each select="$numbers"><xsl:value-of select="key('note-number', $g)/@v"/></xsl:for-each>
  </xsl:template>

  <xsl:template name="notes">
    <xsl:if test="$anchors">
      <section class="notes" aria-labelledby="notes-title">
        <h2 id="notes-title">Notes</h2>
        <ol>
          <xsl:for-each select="$anchors">
            <xsl:variable name="n" select="position()"/>
            <!-- A ref's note; a note's own @target is what it comments on, not its content. -->
            <xsl:variable name="note" select="self::tei:note | key('by-ref', self::tei:ref/@target)/.."/>
            <li id="note-{$n}" value="{$n}">
              <xsl:attribute name="class">
                <xsl:value-of select="concat('note-item note-', $note/@type)"/>
              </xsl:attribute>
              <xsl:for-each select="$note">
                <xsl:if test="@xml:lang"><xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute></xsl:if>
                <xsl:apply-templates/>
              </xsl:for-each>
              <xsl:text> </xsl:text>
              <a class="backlink" href="#noteref-{$n}" aria-label="Back to the text of note {$n}">↩</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ===== the header's facts ============================================ -->

  <xsl:template name="facts">
    <xsl:variable name="date" select="($ms//tei:origDate)[1]"/>
    <xsl:variable name="sent" select="$pd/tei:correspDesc/tei:correspAction[@type = 'sent']"/>
    <xsl:variable name="received" select="$pd/tei:correspDesc/tei:correspAction[@type = 'received']"/>
    <section class="facts" aria-labelledby="facts-title">
      <h2 id="facts-title">About this document</h2>
      <dl>
        <xsl:if test="$date">
          <dt>Date</dt><xsl:text> </xsl:text>
          <dd><xsl:call-template name="date-text"><xsl:with-param name="date" select="$date"/></xsl:call-template></dd>
        </xsl:if>
        <xsl:call-template name="fact"><xsl:with-param name="label" select="'From'"/><xsl:with-param name="nodes" select="$sent/tei:persName | $sent/tei:orgName"/></xsl:call-template>
        <xsl:call-template name="fact"><xsl:with-param name="label" select="'Place'"/><xsl:with-param name="nodes" select="$sent/tei:placeName"/></xsl:call-template>
        <xsl:call-template name="fact"><xsl:with-param name="label" select="'To'"/><xsl:with-param name="nodes" select="$received/tei:persName | $received/tei:orgName"/></xsl:call-template>
        <xsl:call-template name="fact"><xsl:with-param name="label" select="'Archive'"/>
          <xsl:with-param name="nodes" select="$ms/tei:msIdentifier/tei:institution | $ms/tei:msIdentifier/tei:repository
                                               | $ms/tei:msIdentifier/tei:altIdentifier/tei:repository | $ms/tei:history/tei:provenance"/></xsl:call-template>
        <xsl:call-template name="fact"><xsl:with-param name="label" select="'Collection'"/><xsl:with-param name="nodes" select="$ms/tei:msIdentifier/tei:collection"/></xsl:call-template>
        <xsl:call-template name="fact"><xsl:with-param name="label" select="'Identifiers'"/>
          <xsl:with-param name="nodes" select="$ms/tei:msIdentifier/tei:idno | $ms/tei:msIdentifier/tei:altIdentifier/tei:idno"/></xsl:call-template>
        <xsl:call-template name="fact"><xsl:with-param name="label" select="'Translator'"/>
          <xsl:with-param name="nodes" select="$fd/tei:titleStmt/tei:respStmt/tei:persName[@xml:id = 'translator']"/></xsl:call-template>
        <xsl:call-template name="fact"><xsl:with-param name="label" select="'Languages'"/><xsl:with-param name="nodes" select="$pd/tei:langUsage/tei:language"/></xsl:call-template>
        <xsl:call-template name="fact"><xsl:with-param name="label" select="'Funder'"/><xsl:with-param name="nodes" select="$fd/tei:titleStmt/tei:funder"/></xsl:call-template>
      </dl>
      <xsl:for-each select="$pd/tei:abstract">
        <div class="summary">
          <h3>Summary</h3>
          <xsl:apply-templates/>
        </div>
      </xsl:for-each>
    </section>
  </xsl:template>

  <xsl:template name="fact">
    <xsl:param name="label"/>
    <xsl:param name="nodes"/>
    <xsl:if test="$nodes[normalize-space()]">
      <!-- spaces between the facts: text tools (the search index's excerpts) read them apart -->
      <xsl:text> </xsl:text><dt><xsl:value-of select="$label"/></dt><xsl:text> </xsl:text>
      <dd>
        <xsl:for-each select="$nodes[normalize-space()]">
          <xsl:choose>
            <!-- the person a name as written stands for ("Filippov [Stalin]"): one party, not a second one -->
            <xsl:when test="self::tei:persName[@type = 'identification' or @type = 'variant']">
              <xsl:value-of select="concat(' [', normalize-space(.), ']')"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:if test="position() &gt; 1">; </xsl:if>
              <xsl:value-of select="normalize-space(.)"/>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </dd>
    </xsl:if>
  </xsl:template>

  <!-- ===== cite this ====================================================== -->

  <!-- A citation assembled from the header: the document, its archive, the edition. -->
  <xsl:template name="cite">
    <xsl:variable name="pub" select="$fd/tei:publicationStmt"/>
    <xsl:variable name="url" select="$pub/tei:idno[@type = 'URI'][1]"/>
    <section class="cite" aria-labelledby="cite-title">
      <h2 id="cite-title">Cite this</h2>
      <p class="citation">
        <xsl:text>“</xsl:text><xsl:value-of select="$title"/><xsl:text>,”</xsl:text>
        <xsl:for-each select="($ms//tei:origDate)[1]"><xsl:value-of select="concat(' ', normalize-space(.), '.')"/></xsl:for-each>
        <xsl:for-each select="$ms/tei:msIdentifier/tei:institution | $ms/tei:msIdentifier/tei:repository
                              | $ms/tei:msIdentifier/tei:collection | $ms/tei:msIdentifier/tei:idno">
          <xsl:value-of select="concat(' ', normalize-space(.))"/>
          <xsl:choose>
            <xsl:when test="position() = last()">.</xsl:when>
            <xsl:otherwise>,</xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
        <xsl:for-each select="$fd/tei:titleStmt/tei:respStmt/tei:persName[@xml:id = 'translator']">
          <xsl:value-of select="concat(' Translated by ', normalize-space(.), '.')"/>
        </xsl:for-each>
        <xsl:text> TEI edition</xsl:text>
        <xsl:for-each select="$pub/tei:publisher | $pub/tei:pubPlace">
          <xsl:value-of select="concat(', ', normalize-space(.))"/>
        </xsl:for-each>
        <xsl:for-each select="$pub/tei:date[1]">
          <xsl:value-of select="concat(', ', normalize-space(concat(@when, ' ', .)))"/>
        </xsl:for-each>
        <xsl:text>.</xsl:text>
        <xsl:if test="$url">
          <xsl:text> </xsl:text>
          <xsl:call-template name="safe-link"><xsl:with-param name="url" select="normalize-space($url)"/></xsl:call-template>
          <xsl:text>.</xsl:text>
        </xsl:if>
      </p>
      <xsl:for-each select="$fd/tei:sourceDesc/tei:bibl[@type = 'citation']">
        <p class="archive-citation"><span class="cite-label">Archive citation: </span><xsl:apply-templates/></p>
      </xsl:for-each>
    </section>
  </xsl:template>

  <xsl:template name="safe-link">
    <xsl:param name="url"/>
    <xsl:choose>
      <xsl:when test="starts-with($url, 'http://') or starts-with($url, 'https://')">
        <a href="{$url}" rel="noreferrer"><xsl:value-of select="$url"/></a>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$url"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
