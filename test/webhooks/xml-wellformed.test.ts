import { describe, expect, test } from "bun:test";
import { xmlProblem } from "../../src/webhooks/xml-wellformed.ts";
import { SEED_EXAMPLE_XML_BODY } from "../helpers/fixtures.ts";

describe("well-formed XML, as a strict parser sees it", () => {
  test.each([
    ["a declaration, comment, CDATA and references", '<?xml version="1.0"?><!-- a - b --><a x="&lt;&#60;&#x3C;">&amp;<![CDATA[ & < ]]>&#x1F600;</a>\n'],
    ["entities its document type declares", '<!DOCTYPE a [<!ENTITY nbsp "&#160;">]><a>&nbsp;</a>'],
    ["a > in an attribute value", '<a x="1 > 0"/>'],
    ["the seed's example as XML", SEED_EXAMPLE_XML_BODY],
  ])("accepted: %s", (_, xml) => {
    expect(xmlProblem(xml)).toBeNull();
  });

  test.each([
    ["an undefined entity", "<guest>&nbsp;Smith</guest>", "uses &nbsp;, an entity XML does not define"],
    ["a bare ampersand in an attribute value", '<a x="Smith & Sons"/>', "has an & that starts no reference"],
    ["a bare ampersand in text", "<a>Smith & Sons</a>", "char '&' is not expected"],
    ["an empty character reference", "<a>&#;</a>", "has &#;, which is no character XML allows"],
    ["a reference to NUL", "<a>&#0;</a>", "has &#0;, which is no character XML allows"],
    ["a control character", "<a>\u0001</a>", "contains U+0001"],
    ["< in an attribute value", '<a x="<b"/>', "has < inside an attribute value"],
    ["]]> in text", "<a>]]></a>", "has ]]> in text"],
    ["-- in a comment", "<a><!-- x -- y --></a>", "has -- inside a comment"],
    ["-- in a later comment", "<a><!-- x --><!-- y -- z --></a>", "has -- inside a comment"],
    ["two root elements", "<a/><b/>", "has more than one root element"],
    ["text after the root", "<a/>text", "has text outside its root element"],
    ["mismatched tags", "<a></b>", "line 1"],
  ])("refused: %s", (_, xml, message) => {
    expect(xmlProblem(xml)).toContain(message);
  });
});
