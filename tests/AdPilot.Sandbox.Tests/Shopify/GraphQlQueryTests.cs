using AdPilot.Sandbox.Shopify;

namespace AdPilot.Sandbox.Tests.Shopify;

public sealed class GraphQlQueryTests
{
    [Fact]
    public void Parse_NamedQueryWithVariablesAliasesAndEveryLiteral()
    {
        const string Query = """"
            # comment
            query Sync($cursor: String, $ids: [ID!]!) {
              recent: orders(first: 250, after: $cursor, reverse: true, sortKey: UPDATED_AT, query: "updated_at:>'2026-01-01T00:00:00Z' \"x\"\u0041", x: -1.5e2, y: null, z: [1, 2], o: {a: """ block """}) {
                edges { cursor }
              }
            }
            """";

        var root = Assert.Single(GraphQlQuery.Parse(Query));

        Assert.Equal("recent", root.Alias);
        Assert.Equal("orders", root.Name);
        Assert.Equal(250L, root.Arguments["first"]);
        Assert.Equal(new GraphQlVariable("cursor"), root.Arguments["after"]);
        Assert.Equal(true, root.Arguments["reverse"]);
        Assert.Equal(new GraphQlEnum("UPDATED_AT"), root.Arguments["sortKey"]);
        Assert.Equal("updated_at:>'2026-01-01T00:00:00Z' \"x\"A", root.Arguments["query"]);
        Assert.Equal(-150.0, root.Arguments["x"]);
        Assert.Null(root.Arguments["y"]);
        Assert.Equal([1L, 2L], Assert.IsType<List<object?>>(root.Arguments["z"]));
        Assert.Equal("block", Assert.IsType<Dictionary<string, object?>>(root.Arguments["o"])["a"]);
        Assert.Equal("cursor", Assert.Single(Assert.Single(root.Selection!).Selection!).Name);
        Assert.Equal((3, 3), (root.Line, root.Column));
    }

    [Theory]
    [InlineData("{ orders(first: 1) { ...F } }", "fragments")]
    [InlineData("{ orders(first: 1) @include(if: true) { id } }", "directives")]
    [InlineData("subscription { x }", "queries only")]
    [InlineData("{ a } { b }", "one operation")]
    [InlineData("{ a(b: \"open) }", "unterminated string")]
    [InlineData("{ a ", "end of document")]
    public void Parse_WhatTheSandboxDoesNotTake_SaysWhatAndWhere(string query, string message)
    {
        var ex = Assert.Throws<GraphQlSyntaxException>(() => GraphQlQuery.Parse(query));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Matches(@"at \[\d+, \d+\]$", ex.Message);
    }
}
