using Ccs.Prompts.Jinja;

namespace Ccs.Tests.Prompts;

/// <summary>Focused checks of the Jinja engine. Every expected output below is what Jinja2 3.1 (Python 3.11)
/// renders for the same source and variables (promptsource's environment: extra global <c>zip</c>, filters
/// <c>most_frequent</c>, <c>highlight</c>).</summary>
public sealed class JinjaEngineTests
{
    private static Dictionary<string, object?> Variables()
    {
        var d = new PyDict();
        d.Set("text", new List<object?> { "a", "b" });
        d.Set("answer_start", new List<object?> { 3L, 9L });
        d.Set("items", 5L);
        return new Dictionary<string, object?>
        {
            ["label"] = 1L, ["choices"] = new List<object?> { "no", "yes" }, ["text"] = "  Hello World  ", ["n"] = 7L,
            ["x"] = 2.5, ["none_value"] = null, ["d"] = d, ["words"] = new List<object?> { "Beta", "alpha", "beta", "Gamma" },
            ["s"] = "a|||b", ["flag"] = true, ["f"] = 0.1, ["big"] = 1e16, ["neg"] = -3L,
        };
    }

    private static string Render(string source) =>
        new JinjaEnvironment(JinjaFlavor.Promptsource, new Random(0)).Compile(source).Render(Variables());

    [Theory]
    [InlineData("{{ choices[label] }}",
                "yes")]
    [InlineData("{{ choices[label] | string | truncate(2048) }}",
                "yes")]
    [InlineData("{{ choices[-1] }}|{{ choices[1 - 3] }}|{{ choices[5] }}|",
                "yes|no||")]
    [InlineData("{{ text.strip() }}|{{ text | trim }}|{{ text.split() }}|{{ text.lower() }}|{{ text | upper }}",
                "Hello World|Hello World|['Hello', 'World']|  hello world  |  HELLO WORLD  ")]
    [InlineData("{{ text[2:7] }}|{{ text[::-1] }}|{{ text[2] }}|{{ text[-3:] }}",
                "Hello|  dlroW olleH  |H|d  ")]
    [InlineData("{{ none_value }}|{{ undefined_name }}|{{ none_value is none }}|{{ undefined_name is defined }}",
                "None||True|False")]
    [InlineData("{{ 10 / 4 }} {{ 10 // 4 }} {{ -7 // 2 }} {{ -7 % 3 }} {{ 7 % -3 }} {{ 2 ** 10 }} {{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }}",
                "2.5 2 -4 2 -2 1024 7 9")]
    [InlineData("{{ 0.1 + 0.2 }} {{ 1e16 }} {{ big }} {{ 1.0 }} {{ 1e-5 }} {{ 0.0001 }} {{ 3.0 * 2 }} {{ 2.5e-10 }} {{ 123456789.125 }}",
                "0.30000000000000004 1e+16 1e+16 1.0 1e-05 0.0001 6.0 2.5e-10 123456789.125")]
    [InlineData("{{ [1, 'a', none, true, 2.0] }} {{ (1,) }} {{ ('a', \"b'c\") }} {{ {'k': [1]} }} {{ d }}",
                "[1, 'a', None, True, 2.0] (1,) ('a', \"b'c\") {'k': [1]} {'text': ['a', 'b'], 'answer_start': [3, 9], 'items': 5}")]
    [InlineData("{{ 'it\\'s' }} {{ ['it\\'s', \"q\\\"\", 'back\\\\slash', 'tab\\t', 'nl\\n'] }}",
                "it's [\"it's\", 'q\"', 'back\\\\slash', 'tab\\t', 'nl\\n']")]
    [InlineData("{% for w in words %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }}{{ loop.revindex }}:{{ w }};{% endfor %}",
                "10TrueFalse44:Beta;21FalseFalse43:alpha;32FalseFalse42:beta;43FalseTrue41:Gamma;")]
    [InlineData("{% for w in words if w.lower() != 'beta' %}{{ loop.index }}={{ w }}{{ loop.previtem }} {% else %}none{% endfor %}",
                "1=alpha 2=Gammaalpha ")]
    [InlineData("{% for w in [] %}x{% else %}empty{% endfor %}",
                "empty")]
    [InlineData("{% for a, b in zip(choices, [1, 2]) %}{{ a }}-{{ b }},{% endfor %}",
                "no-1,yes-2,")]
    [InlineData("{% for k in d %}{{ k }},{% endfor %}|{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
                "text,answer_start,items,|text=['a', 'b'];answer_start=[3, 9];items=5;")]
    [InlineData("{% set x = 1 %}{% for i in [1, 2] %}{% set x = x + i %}{{ x }}{% endfor %}{{ x }}",
                "231")]
    [InlineData("{% set ns = namespace(total=0, seen=[]) %}{% for i in range(4) %}{% set ns.total = ns.total + i %}{{ ns.seen.append(i) or '' }}{% endfor %}{{ ns.total }} {{ ns.seen }}",
                "6 [0, 1, 2, 3]")]
    [InlineData("{% if label == 0 %}zero{% elif label == 1 %}one{% else %}other{% endif %}",
                "one")]
    [InlineData("{% if 'ell' in text %}in{% endif %}{% if 'zzz' not in text %} notin{% endif %}{% if not flag %}no{% else %} yes{% endif %}",
                "in notin yes")]
    [InlineData("a  {%- if true -%}  b  {%- endif -%}  c",
                "abc")]
    [InlineData("a\n{# comment #}\nb {#- trimmed -#}   c",
                "a\n\nbc")]
    [InlineData("line1\n{% if true %}\nline2\n{% endif %}\nline3\n",
                "line1\n\nline2\n\nline3")]
    [InlineData("{{ 'x' ~ 1 ~ none ~ undefined_name }} {{ 'ab' * 3 }} {{ [1] + [2] }} {{ 'a' + 'b' }}",
                "x1None ababab [1, 2] ab")]
    [InlineData("{{ words | join(', ') }}|{{ [1, 2] | join }}|{{ words | length }}|{{ words | first }}|{{ words | last }}|{{ words | list }}",
                "Beta, alpha, beta, Gamma|12|4|Beta|Gamma|['Beta', 'alpha', 'beta', 'Gamma']")]
    [InlineData("{{ words | map('lower') | join(' ') }}|{{ words | map('upper') | list }}|{{ words | unique | list }}|{{ words | sort | list }}|{{ words | sort(reverse=true) | list }}|{{ words | min }}",
                "beta alpha beta gamma|['BETA', 'ALPHA', 'BETA', 'GAMMA']|['Beta', 'alpha', 'Gamma']|['alpha', 'Beta', 'beta', 'Gamma']|['Gamma', 'Beta', 'beta', 'alpha']|alpha")]
    [InlineData("{{ words | select('!=', 'beta') | list }}|{{ words | reject('equalto', 'Beta') | list }}|{{ [0, 1, '', 'a'] | select | list }}",
                "['Beta', 'alpha', 'Gamma']|['alpha', 'beta', 'Gamma']|[1, 'a']")]
    [InlineData("{{ [{'a': 1, 'b': 'x'}, {'a': 2, 'b': 'y'}] | map(attribute='b') | join }}|{{ [{'a': 1, 'b': 'x'}, {'a': 2, 'b': 'y'}] | selectattr('a', 'equalto', 2) | list }}",
                "xy|[{'a': 2, 'b': 'y'}]")]
    [InlineData("{{ '3' | int }} {{ '3.7' | int }} {{ 'x' | int }} {{ 3.9 | int }} {{ none_value | int }} {{ '2.5' | float }} {{ 'a' | float }} {{ 5 | float }}",
                "3 3 0 3 0 2.5 0.0 5.0")]
    [InlineData("{{ 2.5 | round }} {{ 3.5 | round }} {{ 2.675 | round(2) }} {{ 0.125 | round(2) }} {{ 7 | round }} {{ 2.5 | round(0, 'floor') }} {{ -2.5 | abs }} {{ neg | abs }}",
                "2.0 4.0 2.67 0.12 7 2.0 2.5 3")]
    [InlineData("{{ text | replace('l', 'L') }}|{{ text | replace('l', 'L', 2) }}|{{ none_value | replace(None, '') }}|{{ 'a_b_c' | replace('_', ' ') }}",
                "  HeLLo WorLd  |  HeLLo World  ||a b c")]
    [InlineData("{{ 'hello WORLD' | capitalize }}|{{ undefined_name | default('dflt') }}|{{ '' | default('e', true) }}|{{ none_value | default('nd') }}",
                "Hello world|dflt|e|None")]
    [InlineData("{{ '%s and %s' | format('a', 1) }}|{{ '%d%%' % 45.7 }}|{{ '%.2f' % x }}|{{ '%5s|%-5s|' % ('a', 'b') }}|{{ '%s' % [1, 2] }}|{{ '%r' % 'q' }}",
                "a and 1|45%|2.50|    a|b    ||[1, 2]|'q'")]
    [InlineData("{{ 'abc'.index('c') }} {{ choices.index('yes') }} {{ 'a,b,,c'.split(',') }} {{ 'a b'.split(' ', 1) }} {{ ' '.join(['x', 'y']) }} {{ 'abc'.startswith('ab') }} {{ 'abc'.replace('b', '') }}",
                "2 1 ['a', 'b', '', 'c'] ['a', 'b'] x y True ac")]
    [InlineData("{% set l = [3, 1] %}{{ l.pop() }}{{ l }}{% set m = {'a': 1} %}{{ m.update({'b': 2}) }}{{ m }}{{ m.keys() | list }}{{ m.pop('a') }}{{ m }}",
                "1[3]None{'a': 1, 'b': 2}['a', 'b']1{'b': 2}")]
    [InlineData("{{ 1 < 2 < 3 }} {{ 1 < 2 > 5 }} {{ 'a' < 'b' }} {{ [1, 2] < [1, 3] }} {{ 1 == 1.0 }} {{ true == 1 }} {{ none_value == none }} {{ 'a' != 'b' }}",
                "True False True True True True True True")]
    [InlineData("{{ 'yes' if flag else 'no' }} {{ 'y' if not flag }}|{{ flag and 'both' }} {{ 0 or 'second' }} {{ none_value or [] }}",
                "yes |both second []")]
    [InlineData("{{ -1 | abs }} {{ -x }} {{ - n | abs }} {{ not flag }} {{ not 0 }}",
                "1 -2.5 7 False True")]
    [InlineData("{{ choices|length > 1 }} {{ range(3) | list }} {{ range(1, 10, 3) | list }} {{ range(3) }} {{ range(2, 5) | length }}",
                "True [0, 1, 2] [1, 4, 7] range(0, 3) 3")]
    [InlineData("{{ ['a', 'b', 'a', 'c', 'b'] | most_frequent }}|{{ [] | most_frequent }}|{{ 'txt' | highlight }}",
                "['a', 'b']|None|<span style='color: #F08080'>txt</span>")]
    [InlineData("{{ \"multi\" 'part' }} {{ 'unicode: \\u00e9\\x41' }} {{ 1_000 }} {{ 0x1f }}",
                "multipart unicode: éA 1000 31")]
    [InlineData("{{ text | truncate(9) }}|{{ 'one two three four' | truncate(9, leeway=0) }}|{{ 'one two three four' | truncate(9, true, leeway=0) }}|{{ 'abcdefghijkl' | truncate(3, leeway=0) }}",
                " ...|one...|one tw...|...")]
    [InlineData("{% set a, b = choices %}{{ b }}{{ a }}",
                "yesno")]
    [InlineData("{{ loop }}|{% for i in [1] %}{% for j in [2, 3] %}{{ loop.index }}{% endfor %}{{ loop.index }}{% endfor %}",
                "|121")]
    [InlineData("{{ 'x' if none_value is none else 'y' }} {{ n is odd }} {{ n is divisibleby 7 }} {{ words is sequence }} {{ 'a' is string }} {{ n is number }}",
                "x True True True True True")]
    [InlineData("{{ s }}",
                "a|||b")]
    [InlineData("{{ '%s' % undefined_name }}|{{ undefined_name | string }}|{{ undefined_name | length }}|{{ undefined_name | lower }}|",
                "||0||")]
    public void Renders_as_jinja2(string source, string expected) => Assert.Equal(expected, Render(source));

    [Theory]
    [InlineData("{{ 5 // 0 }}")]
    [InlineData("{{ undefined_name.attr }}")]
    [InlineData("{{ 'a' + 1 }}")]
    [InlineData("{{ 'abc'.index('z') }}")]
    [InlineData("{% for x in none_value %}{% endfor %}")]
    [InlineData("{{ text.title }}")]
    public void Fails_at_render_time_where_jinja2_raises(string source) =>
        Assert.Throws<JinjaRuntimeException>(() => Render(source));

    [Theory]
    [InlineData("{{ choices[label] ||| }}")]
    [InlineData("{% if %}")]
    [InlineData("{% for x in y %}")]
    [InlineData("{{ x | nosuchfilter }}")]
    [InlineData("{{ x is nosuchtest }}")]
    [InlineData("{% endif %}")]
    [InlineData("{# unclosed")]
    public void Rejects_what_jinja2_cannot_compile(string source) =>
        Assert.Throws<TemplateSyntaxException>(() => Render(source));

    [Theory]
    [InlineData("{% macro m() %}{% endmacro %}", "macro")]
    [InlineData("{% raw %}{{ x }}{% endraw %}", "raw")]
    [InlineData("{% set x %}body{% endset %}", "set")]
    [InlineData("{% include 'other' %}", "include")]
    [InlineData("{{ f(*args) }}", "*args")]
    public void Names_the_construct_it_does_not_support(string source, string construct)
    {
        var e = Assert.Throws<TemplateSyntaxException>(() => Render(source));
        Assert.Contains(construct, e.Message);
    }
}
