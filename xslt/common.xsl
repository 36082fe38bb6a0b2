<?xml version="1.0" encoding="UTF-8"?>
<!-- What the HTML views share: page frame, header facts, inline marks, bracket forms. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:str="http://exslt.org/strings"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="tei str exsl">

  <!-- The CSS text, passed in by render.py so every page is self-contained. -->
  <xsl:param name="css" select="''"/>
  <!-- The file stem of the document's outputs (<id>.tei.xml, <id>.parallel.html ...). -->
  <xsl:param name="doc-id" select="''"/>
  <!-- Where the collection index is, relative to the page; empty: no link. -->
  <xsl:param name="index-href" select="''"/>
  <!-- The views' script (xslt/teiencode.js) and its CSP hash, passed in by render.py like the CSS:
       the pages work without it; it adds the highlighting of a unit's counterparts. -->
  <xsl:param name="script" select="''"/>
  <xsl:param name="script-hash" select="''"/>
  <!-- Previous/next document pages of a build (site/sequence.py), relative to the page; empty: none. -->
  <xsl:param name="sequence-href" select="''"/>
  <!-- The convention registry (render.py adds the real one to the compiled stylesheet:
       site/legend.py): <conventions><c name key element value example rule/></conventions>. -->
  <xsl:variable name="conventions-rtf"><conventions/></xsl:variable>
  <xsl:variable name="conventions" select="exsl:node-set($conventions-rtf)/conventions/c"/>
  <!-- The elements the registry's marks are, " gap  note  seg …": one string test spares most
       elements of a page the look-up in the registry. -->
  <xsl:variable name="convention-elements">
    <xsl:for-each select="$conventions"><xsl:value-of select="concat(' ', @element, ' ')"/></xsl:for-each>
  </xsl:variable>
  <!-- Whether a unit's links to the other views go at the end of its paragraph (the reading view,
       which renders units in place) rather than before it (parallel.xsl, into its $rendered). -->
  <xsl:variable name="unit-links-in-p" select="false()"/>

  <!-- The xml:id attributes by a pointer to them, '#' and id: key('by-ref', $ptr)/.. is the element.
       Attributes, since matching them is half the cost of matching elements by a predicate;
       and the only key here, since libxslt indexes a document for every key of the stylesheet
       as soon as one is used. -->
  <xsl:key name="by-ref" match="@xml:id" use="concat('#', .)"/>

  <xsl:variable name="header" select="/tei:TEI/tei:teiHeader"/>
  <!-- What a @hand may point at; looked up without a key, which would index every id. -->
  <xsl:variable name="hand-notes" select="//tei:handNote[@xml:id]"/>
  <xsl:variable name="title" select="normalize-space($header/tei:fileDesc/tei:titleStmt/tei:title[1])"/>
  <xsl:variable name="id">
    <xsl:choose>
      <xsl:when test="$doc-id != ''"><xsl:value-of select="$doc-id"/></xsl:when>
      <xsl:when test="starts-with(/tei:TEI/@xml:id, 'd-')"><xsl:value-of select="substring(/tei:TEI/@xml:id, 3)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="/tei:TEI/@xml:id"/></xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="doc-lang">
    <xsl:choose>
      <xsl:when test="/tei:TEI/@xml:lang"><xsl:value-of select="/tei:TEI/@xml:lang"/></xsl:when>
      <xsl:otherwise>en</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- ===== page frame ===================================================== -->

  <!-- The <head>: charset, a policy that forbids every request and script, the CSS. The charset
       <meta> is the one the html output method adds (it adds no second one): written here, it is
       also in a page that render.py serializes itself, one of views.xsl's. -->
  <xsl:template name="html-head">
    <xsl:param name="view-title"/>
    <xsl:param name="page-title" select="concat($title, ' (', $view-title, ')')"/>
    <!-- rules of the page's own, after the shared CSS (a <style> belongs in the head) -->
    <xsl:param name="page-css" select="''"/>
    <head>
      <meta http-equiv="Content-Type" content="text/html; charset=UTF-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <meta http-equiv="Content-Security-Policy"
            content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'{$csp-script}"/>
      <meta name="referrer" content="no-referrer"/>
      <title><xsl:value-of select="$page-title"/></title>
      <style><xsl:value-of select="$css"/></style>
      <xsl:if test="string($page-css) != ''"><style><xsl:value-of select="$page-css"/></style></xsl:if>
      <xsl:if test="$script != ''"><script><xsl:value-of select="$script"/></script></xsl:if>
    </head>
  </xsl:template>

  <!-- The script's one allowance in the page's policy: the hash of the script it embeds. -->
  <xsl:variable name="csp-script">
    <xsl:if test="$script != '' and $script-hash != ''"><xsl:value-of select="concat('; script-src ', $script-hash)"/></xsl:if>
  </xsl:variable>

  <!-- Links between the three views, the TEI source and the index. -->
  <xsl:template name="nav">
    <xsl:param name="current"/>
    <nav class="views" aria-label="Views">
      <xsl:if test="$index-href != ''">
        <a href="{$index-href}">Collection index</a>
      </xsl:if>
      <xsl:call-template name="nav-link">
        <xsl:with-param name="view" select="'parallel'"/><xsl:with-param name="label" select="'Parallel'"/>
        <xsl:with-param name="current" select="$current"/>
      </xsl:call-template>
      <xsl:call-template name="nav-link">
        <xsl:with-param name="view" select="'diplomatic'"/><xsl:with-param name="label" select="'Diplomatic'"/>
        <xsl:with-param name="current" select="$current"/>
      </xsl:call-template>
      <xsl:call-template name="nav-link">
        <xsl:with-param name="view" select="'reading'"/><xsl:with-param name="label" select="'Reading'"/>
        <xsl:with-param name="current" select="$current"/>
      </xsl:call-template>
      <a href="{$id}.tei.xml" type="application/tei+xml">TEI</a>
      <xsl:call-template name="sequence-links"><xsl:with-param name="current" select="$current"/></xsl:call-template>
    </nav>
  </xsl:template>

  <xsl:template name="nav-link">
    <xsl:param name="view"/>
    <xsl:param name="label"/>
    <xsl:param name="current"/>
    <xsl:choose>
      <xsl:when test="$view = $current"><strong aria-current="page"><xsl:value-of select="$label"/></strong></xsl:when>
      <xsl:otherwise><a href="{$id}.{$view}.html"><xsl:value-of select="$label"/></a></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Title block shared by the views: title, date, one-line summary of sides. -->
  <xsl:template name="page-title">
    <header class="doc-header">
      <h1><xsl:value-of select="$title"/></h1>
      <xsl:variable name="date" select="$header/tei:fileDesc/tei:sourceDesc//tei:origDate[1]"/>
      <xsl:if test="$date">
        <p class="doc-date">
          <xsl:call-template name="date-text"><xsl:with-param name="date" select="$date"/></xsl:call-template>
        </p>
      </xsl:if>
    </header>
  </xsl:template>

  <!-- A date as the page shows it: a <time> when it has a day (@when), which HTML can read; else
       its words ("April 1976"), which a <time> without a machine-readable value may not hold. -->
  <xsl:template name="date-text">
    <xsl:param name="date"/>
    <xsl:choose>
      <xsl:when test="$date/@when"><time datetime="{$date/@when}"><xsl:value-of select="normalize-space($date)"/></time></xsl:when>
      <xsl:otherwise><span class="date"><xsl:value-of select="normalize-space($date)"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Human name of a language code, from langUsage; the code when not listed. -->
  <xsl:template name="lang-name">
    <xsl:param name="code"/>
    <xsl:variable name="lang" select="$header/tei:profileDesc/tei:langUsage/tei:language[@ident = $code]"/>
    <xsl:choose>
      <xsl:when test="normalize-space($lang)"><xsl:value-of select="normalize-space($lang)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$code"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Heading of a language division: "Original (Russian)", "Translation (English)". -->
  <xsl:template name="division-heading">
    <xsl:param name="div" select="."/>
    <xsl:choose>
      <xsl:when test="$div/@type = 'original'">Original</xsl:when>
      <xsl:when test="count(/tei:TEI/tei:text/tei:body/tei:div[@type = 'translation']) &gt; 1">
        <xsl:text>Translation </xsl:text>
        <xsl:value-of select="count($div/preceding-sibling::tei:div[@type = 'translation']) + 1"/>
      </xsl:when>
      <xsl:otherwise>Translation</xsl:otherwise>
    </xsl:choose>
    <xsl:text> (</xsl:text>
    <xsl:call-template name="lang-name"><xsl:with-param name="code" select="$div/@xml:lang"/></xsl:call-template>
    <xsl:text>)</xsl:text>
  </xsl:template>

  <xsl:template name="footer">
    <footer class="doc-footer">
      <p>
        <xsl:text>Encoded in TEI P5</xsl:text>
        <xsl:for-each select="$header/tei:fileDesc/tei:publicationStmt/tei:publisher[1]">
          <xsl:text> for </xsl:text><xsl:value-of select="normalize-space(.)"/>
        </xsl:for-each>
        <xsl:for-each select="$header/tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence[1]">
          <xsl:text>. Licence: </xsl:text><xsl:value-of select="normalize-space(.)"/>
        </xsl:for-each>
        <xsl:text>.</xsl:text>
      </p>
    </footer>
  </xsl:template>

  <!-- ===== attributes every rendered element carries ===================== -->

  <!-- id from xml:id, lang from xml:lang, class from the TEI name, type and extras. -->
  <xsl:template name="common-attrs">
    <xsl:param name="class" select="''"/>
    <xsl:if test="@xml:id"><xsl:attribute name="id"><xsl:value-of select="@xml:id"/></xsl:attribute></xsl:if>
    <xsl:if test="@xml:lang"><xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute></xsl:if>
    <xsl:attribute name="class">
      <xsl:value-of select="local-name()"/>
      <xsl:if test="@type"><xsl:value-of select="concat(' ', local-name(), '-', @type)"/></xsl:if>
      <xsl:if test="$class != ''"><xsl:value-of select="concat(' ', $class)"/></xsl:if>
    </xsl:attribute>
    <xsl:if test="@corresp"><xsl:attribute name="data-corresp"><xsl:value-of select="@corresp"/></xsl:attribute></xsl:if>
  </xsl:template>

  <!-- Block HTML is only safe outside <p>: a browser closes an open <p> at a <div> or <ul>. -->
  <xsl:template name="box-name">
    <xsl:param name="block" select="'div'"/>
    <xsl:choose>
      <xsl:when test="ancestor::tei:p or ancestor::tei:head or ancestor::tei:label">span</xsl:when>
      <xsl:otherwise><xsl:value-of select="$block"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== bracket forms (@rend), shared with text.xsl ==================== -->

  <xsl:template name="rend-open">
    <xsl:param name="rend" select="@rend"/>
    <xsl:choose>
      <xsl:when test="$rend = 'brackets' or $rend = 'brackets-label'">[</xsl:when>
      <xsl:when test="$rend = 'double-brackets'">[[</xsl:when>
      <xsl:when test="$rend = 'query'">?</xsl:when>
      <xsl:when test="$rend = 'parentheses'">(</xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="rend-close">
    <xsl:param name="rend" select="@rend"/>
    <xsl:choose>
      <xsl:when test="$rend = 'brackets'">]</xsl:when>
      <xsl:when test="$rend = 'double-brackets'">]]</xsl:when>
      <xsl:when test="$rend = 'query'">?</xsl:when>
      <xsl:when test="$rend = 'parentheses'">)</xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- Content of a mark with its bracket form: [label]: rest, or [content]. Most marks have no
       @rend: one test, then their content. -->
  <xsl:template name="bracketed">
    <xsl:choose>
      <xsl:when test="not(@rend)"><xsl:apply-templates/></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="rend-open"/>
        <xsl:choose>
          <xsl:when test="@rend = 'brackets-label' and tei:label">
            <xsl:apply-templates select="tei:label[1]"/>
            <xsl:text>]</xsl:text>
            <xsl:apply-templates select="node()[not(self::tei:label and not(preceding-sibling::tei:label))]"/>
          </xsl:when>
          <xsl:when test="@rend = 'brackets-label'">
            <xsl:text>]</xsl:text>
            <xsl:apply-templates/>
          </xsl:when>
          <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
        </xsl:choose>
        <xsl:call-template name="rend-close"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A mark rendered as a span (or block) with a class and a tooltip. The body is written out
       in both branches: an element name held in a variable (a result tree fragment) cost more. -->
  <xsl:template name="mark">
    <xsl:param name="class" select="''"/>
    <xsl:param name="title" select="''"/>
    <xsl:param name="block" select="'div'"/>
    <xsl:choose>
      <!-- a mark holding a list is a block where a block may stand: HTML puts no <ul> in a <span> -->
      <xsl:when test="not(parent::tei:div or parent::tei:body or parent::tei:postscript)
                      and not(tei:list and not(ancestor::tei:p or ancestor::tei:head or ancestor::tei:label))">
        <span>
          <xsl:call-template name="common-attrs"><xsl:with-param name="class" select="$class"/></xsl:call-template>
          <xsl:if test="$title != ''"><xsl:attribute name="title"><xsl:value-of select="$title"/></xsl:attribute></xsl:if>
          <xsl:call-template name="mark-explained"><xsl:with-param name="title" select="$title"/></xsl:call-template>
          <xsl:call-template name="bracketed"/>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="name"><xsl:call-template name="box-name"><xsl:with-param name="block" select="$block"/></xsl:call-template></xsl:variable>
        <xsl:element name="{$name}">
          <xsl:call-template name="common-attrs"><xsl:with-param name="class" select="$class"/></xsl:call-template>
          <xsl:if test="$title != ''"><xsl:attribute name="title"><xsl:value-of select="$title"/></xsl:attribute></xsl:if>
          <xsl:call-template name="mark-explained"><xsl:with-param name="title" select="$title"/></xsl:call-template>
          <xsl:call-template name="bracketed"/>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== hands ========================================================== -->

  <!-- A stable colour slot per hand: its place among the handNotes, six colours round. -->
  <xsl:template name="hand-class">
    <xsl:param name="ref" select="@hand"/>
    <xsl:variable name="note" select="$hand-notes[concat('#', @xml:id) = normalize-space($ref)]"/>
    <xsl:if test="$note">
      <xsl:value-of select="concat(' hand-c', (count($note/preceding-sibling::tei:handNote) mod 6) + 1)"/>
    </xsl:if>
  </xsl:template>

  <xsl:template name="place-class">
    <xsl:for-each select="str:tokenize(@place, ' ')">
      <xsl:value-of select="concat(' place-', .)"/>
    </xsl:for-each>
    <!-- Margins, or a bare left/right; "bottom left" is a corner of the page, not its margin. -->
    <xsl:variable name="p" select="concat(' ', normalize-space(@place), ' ')"/>
    <xsl:if test="contains($p, ' margin ') or ((contains($p, ' left ') or contains($p, ' right '))
                  and not(contains($p, ' top ') or contains($p, ' bottom ')))">
      <xsl:text> in-margin</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template name="hand-title">
    <xsl:param name="what"/>
    <xsl:value-of select="$what"/>
    <xsl:variable name="note" select="$hand-notes[concat('#', @xml:id) = normalize-space(current()/@hand)]"/>
    <xsl:if test="$note">
      <xsl:value-of select="concat(', ', $note/@xml:id)"/>
      <xsl:if test="normalize-space($note)"><xsl:value-of select="concat(': ', normalize-space($note))"/></xsl:if>
    </xsl:if>
    <xsl:if test="@place"><xsl:value-of select="concat(' (', @place, ')')"/></xsl:if>
  </xsl:template>

  <!-- ===== text nodes ===================================================== -->

  <!-- A line break at the very start or end of an element is layout (indentation), not text.
       Tested in the template, not in a predicate of its pattern: to match a pattern with a
       predicate, libxslt counts the text node's siblings, which is quadratic in a paragraph of
       many marks. The cheap test first, and [1] stops the sibling axes at the first node. -->
  <xsl:template match="text()">
    <xsl:if test="not(contains(., '&#10;')) or (preceding-sibling::node()[1] and following-sibling::node()[1])
                  or normalize-space()">
      <xsl:value-of select="."/>
    </xsl:if>
  </xsl:template>

  <!-- ===== the reader's site: sequence, unit links, marks explained, legend ===== -->

  <!-- Previous and next document of the collection (a build writes the pages they lead to). -->
  <xsl:template name="sequence-links">
    <xsl:param name="current"/>
    <xsl:if test="$sequence-href != ''">
      <span class="sequence">
        <a rel="prev" href="{$sequence-href}{$id}.{$current}.prev.html">← Previous document</a>
        <a rel="next" href="{$sequence-href}{$id}.{$current}.next.html">Next document →</a>
      </span>
    </xsl:if>
  </xsl:template>

  <!-- A unit's permalink and its links to the same unit in the other views (CSS hides the link to
       the view it is on). $uid: the unit's id; $anchor: its id on this page (the same but where the
       page shows the unit twice); $in-reading: whether the reading view shows it (the
       translations, or the original when there is none). -->
  <xsl:template name="unit-links">
    <xsl:param name="uid" select="@xml:id"/>
    <xsl:param name="anchor" select="$uid"/>
    <xsl:param name="in-reading" select="true()"/>
    <xsl:if test="$uid">
      <span class="unit-links" data-pagefind-ignore="">
        <a class="permalink" href="#{$anchor}" aria-label="Permalink to passage {$uid}">¶</a>
        <a class="to-parallel" href="{$id}.parallel.html#{$uid}" aria-label="Passage {$uid} in the parallel view">parallel</a>
        <a class="to-diplomatic" href="{$id}.diplomatic.html#{$uid}" aria-label="Passage {$uid} in the diplomatic view">diplomatic</a>
        <xsl:if test="$in-reading">
          <a class="to-reading" href="{$id}.reading.html#{$uid}" aria-label="Passage {$uid} in the reading view">reading</a>
        </xsl:if>
      </span>
    </xsl:if>
  </xsl:template>

  <!-- The registry's entry for the mark in context: by element and @type or @reason, else (for a
       mark that has an explanation of its own) by a convention of the element alone (no @type). A constant cost: the registry is
       a few dozen entries. -->
  <xsl:template name="mark-convention">
    <xsl:param name="explained" select="false()"/>
    <xsl:variable name="v" select="(@type | @reason)[1]"/>
    <xsl:variable name="exact" select="$conventions[@element = local-name(current()) and @value = $v]"/>
    <xsl:choose>
      <xsl:when test="$exact"><xsl:value-of select="$exact[1]/@name"/></xsl:when>
      <xsl:when test="$explained"><xsl:value-of select="$conventions[@element = local-name(current()) and @value = ''][1]/@name"/></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- What makes a mark's explanation reachable by keyboard, touch and screen reader: focusable,
       described by its legend entry (and its own explanation, shown on focus by the CSS). -->
  <xsl:template name="mark-explained">
    <xsl:param name="title" select="''"/>
    <xsl:variable name="convention">
      <xsl:if test="contains($convention-elements, concat(' ', local-name(), ' '))">
        <xsl:call-template name="mark-convention"><xsl:with-param name="explained" select="$title != ''"/></xsl:call-template>
      </xsl:if>
    </xsl:variable>
    <xsl:if test="$convention != '' or $title != ''">
      <xsl:attribute name="tabindex">0</xsl:attribute>
      <xsl:attribute name="data-explain">
        <xsl:choose>
          <xsl:when test="$title != ''"><xsl:value-of select="$title"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="translate($convention, '-', ' ')"/></xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:if test="$convention != ''">
        <xsl:attribute name="aria-describedby"><xsl:value-of select="concat('conv-', $convention)"/></xsl:attribute>
      </xsl:if>
    </xsl:if>
  </xsl:template>

  <!-- The legend of every convention of the registry, in every view: what each mark means and how
       the export wrote it. The entries describe the marks of the page (aria-describedby). -->
  <xsl:template name="conventions-legend">
    <xsl:if test="$conventions">
      <section class="conventions" aria-labelledby="conventions-title" data-pagefind-ignore="">
        <h2 id="conventions-title">Editorial marks</h2>
        <p class="conventions-help">Each mark in the text can be reached with the Tab key or a tap: its explanation is shown beside it.</p>
        <dl>
          <xsl:for-each select="$conventions">
            <dt class="convention convention-{@name}"><span class="convention-name"><xsl:value-of select="@name"/></span>
              <xsl:text> </xsl:text><code class="convention-form"><xsl:value-of select="@example"/></code></dt>
            <dd id="conv-{@name}"><xsl:value-of select="@rule"/></dd>
          </xsl:for-each>
        </dl>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ===== block elements ================================================ -->

  <xsl:template match="tei:p">
    <p>
      <xsl:call-template name="common-attrs"/>
      <xsl:if test="@part"><xsl:attribute name="data-part"><xsl:value-of select="@part"/></xsl:attribute></xsl:if>
      <xsl:apply-templates/>
      <xsl:if test="$unit-links-in-p and parent::tei:div"><xsl:call-template name="unit-links"/></xsl:if>
    </p>
  </xsl:template>

  <xsl:template match="tei:head">
    <xsl:choose>
      <!-- a list's heading is its first item in HTML, which allows no heading inside a <ul> -->
      <xsl:when test="parent::tei:list">
        <xsl:variable name="name"><xsl:call-template name="box-name"><xsl:with-param name="block" select="'li'"/></xsl:call-template></xsl:variable>
        <xsl:element name="{$name}"><xsl:call-template name="common-attrs"><xsl:with-param name="class" select="'list-head'"/></xsl:call-template><xsl:apply-templates/></xsl:element>
      </xsl:when>
      <xsl:otherwise><h3><xsl:call-template name="common-attrs"/><xsl:apply-templates/></h3></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:div">
    <section><xsl:call-template name="common-attrs"/><xsl:apply-templates/></section>
  </xsl:template>

  <xsl:template match="tei:postscript | tei:ab | tei:sp">
    <xsl:variable name="name"><xsl:call-template name="box-name"/></xsl:variable>
    <xsl:element name="{$name}">
      <xsl:call-template name="common-attrs"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- Opener and closer hold lines. -->
  <xsl:template match="tei:opener | tei:closer">
    <div>
      <xsl:call-template name="common-attrs"/>
      <xsl:for-each select="node()">
        <xsl:apply-templates select="."/>
        <xsl:call-template name="line-end"/>
      </xsl:for-each>
    </div>
  </xsl:template>

  <!-- A line of an opener or closer that is an element of its own ends with a break unless an
       <lb/> or text follows it. -->
  <xsl:template name="line-end">
    <xsl:if test="self::*[not(self::tei:lb or self::tei:list or self::tei:note[tei:list])] and following-sibling::node()
                    [not(self::text()[not(normalize-space())][contains(., '&#10;')])][1]
                    [self::* and not(self::tei:lb)]">
      <br/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:speaker">
    <span><xsl:call-template name="common-attrs"/><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:list">
    <xsl:variable name="name"><xsl:call-template name="box-name"><xsl:with-param name="block" select="'ul'"/></xsl:call-template></xsl:variable>
    <xsl:element name="{$name}">
      <xsl:call-template name="common-attrs"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:item">
    <xsl:variable name="name"><xsl:call-template name="box-name"><xsl:with-param name="block" select="'li'"/></xsl:call-template></xsl:variable>
    <xsl:element name="{$name}">
      <xsl:call-template name="common-attrs"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:fw">
    <xsl:call-template name="mark">
      <xsl:with-param name="title">
        <xsl:text>Forme work: </xsl:text>
        <xsl:choose>
          <xsl:when test="@type = 'regNumber'">registry number</xsl:when>
          <xsl:when test="@type = 'copyNumber'">copy number</xsl:when>
          <xsl:when test="@type = 'pageNum'">page number</xsl:when>
          <xsl:otherwise><xsl:value-of select="@type"/></xsl:otherwise>
        </xsl:choose>
        <xsl:text> printed on the page</xsl:text>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:pb">
    <xsl:variable name="name"><xsl:call-template name="box-name"/></xsl:variable>
    <xsl:element name="{$name}">
      <xsl:call-template name="common-attrs"/>
      <xsl:attribute name="role">separator</xsl:attribute>
      <xsl:attribute name="data-n"><xsl:value-of select="@n"/></xsl:attribute>
      <xsl:text>page </xsl:text><xsl:value-of select="@n"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:milestone[@unit = 'rule']">
    <xsl:variable name="name"><xsl:call-template name="box-name"><xsl:with-param name="block" select="'hr'"/></xsl:call-template></xsl:variable>
    <xsl:element name="{$name}"><xsl:call-template name="common-attrs"><xsl:with-param name="class" select="'rule'"/></xsl:call-template></xsl:element>
  </xsl:template>

  <xsl:template match="tei:lb"><br/></xsl:template>
  <!-- After a list the line has already ended. -->
  <xsl:template match="tei:lb[preceding-sibling::node()[1][self::tei:list or self::tei:note[tei:list]]]"/>

  <!-- ===== inline marks ================================================== -->

  <xsl:template match="tei:add">
    <xsl:variable name="class"><xsl:call-template name="hand-class"/><xsl:call-template name="place-class"/></xsl:variable>
    <xsl:variable name="title"><xsl:call-template name="hand-title"><xsl:with-param name="what" select="'Handwritten addition'"/></xsl:call-template></xsl:variable>
    <xsl:call-template name="mark">
      <xsl:with-param name="class" select="normalize-space($class)"/>
      <xsl:with-param name="title" select="$title"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:note">
    <xsl:variable name="class"><xsl:call-template name="hand-class"/><xsl:call-template name="place-class"/></xsl:variable>
    <xsl:call-template name="mark">
      <xsl:with-param name="class" select="normalize-space($class)"/>
      <xsl:with-param name="title" select="concat('Note (', @type, ')')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:gap">
    <xsl:variable name="title">
      <xsl:value-of select="concat('Gap: ', @reason)"/>
      <xsl:if test="@quantity"><xsl:value-of select="concat(', ', @quantity, ' ', @unit)"/></xsl:if>
    </xsl:variable>
    <xsl:call-template name="mark">
      <xsl:with-param name="class" select="concat('gap-', @reason)"/>
      <xsl:with-param name="title" select="$title"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:gap[not(node())]">
    <span class="gap gap-{@reason}" title="Gap: {@reason}">
      <xsl:call-template name="mark-explained"><xsl:with-param name="title" select="concat('Gap: ', @reason)"/></xsl:call-template>[…]</span>
  </xsl:template>

  <xsl:template match="tei:unclear">
    <xsl:call-template name="mark"><xsl:with-param name="title" select="'Uncertain reading'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:sic">
    <xsl:call-template name="mark"><xsl:with-param name="title" select="'Sic: so in the source'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:supplied">
    <xsl:call-template name="mark">
      <xsl:with-param name="class" select="concat('supplied-', @reason)"/>
      <xsl:with-param name="title" select="concat('Supplied (', @reason, ')')"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:foreign | tei:term">
    <xsl:call-template name="mark"><xsl:with-param name="title" select="'Original term'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="tei:seg | tei:stamp | tei:label | tei:desc">
    <xsl:call-template name="mark"/>
  </xsl:template>

  <xsl:template match="tei:persName | tei:placeName | tei:orgName | tei:name | tei:date | tei:idno
                       | tei:dateline | tei:salute | tei:signed | tei:hi | tei:title">
    <xsl:call-template name="mark"/>
  </xsl:template>

  <!-- A name linked to the edition's register: a link to the entry's page, written by the build. -->
  <xsl:template match="tei:persName[starts-with(@ref, 'reg:')] | tei:placeName[starts-with(@ref, 'reg:')]
                       | tei:orgName[starts-with(@ref, 'reg:')]" priority="1">
    <xsl:variable name="entry" select="substring-after(substring-before(concat(@ref, ' '), ' '), 'reg:')"/>
    <a class="register-link" href="register/{$entry}.html" data-entry="{$entry}"><xsl:call-template name="mark"/></a>
  </xsl:template>

  <!-- Links: in-document ones as anchors; external ones only for http(s), never script URLs. -->
  <xsl:template match="tei:ref">
    <xsl:choose>
      <xsl:when test="key('by-ref', @target)">
        <a href="{@target}"><xsl:call-template name="common-attrs"/><xsl:call-template name="bracketed"/></a>
      </xsl:when>
      <xsl:when test="starts-with(@target, 'http://') or starts-with(@target, 'https://')">
        <a href="{@target}" rel="noreferrer"><xsl:call-template name="common-attrs"/><xsl:call-template name="bracketed"/></a>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="mark"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Unknown elements: keep their words. -->
  <xsl:template match="*">
    <xsl:call-template name="mark"/>
  </xsl:template>

</xsl:stylesheet>
