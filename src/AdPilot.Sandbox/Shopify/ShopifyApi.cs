using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AdPilot.Sandbox.Shopify;

/// <summary>
/// <c>POST /shopify/admin/api/{version}/graphql.json</c> (api-reference §3.1–3.3): <c>X-Shopify-Access-Token</c> auth,
/// <c>{"query","variables"}</c> bodies, and <c>extensions.cost</c> on every GraphQL answer from a leaky bucket that
/// answers THROTTLED (HTTP 200, no <c>data</c>) when a query's requested cost does not fit. Of mutations it serves
/// <c>bulkOperationRunQuery</c> (§3.4), whose JSONL results it serves at <c>GET /shopify/bulk/{id}.jsonl?sig=…</c>.
/// </summary>
internal static partial class ShopifyApi
{
    public const string Documentation = "https://shopify.dev/api/usage/rate-limits";

    /// <summary>What a <c>bulkOperationRunQuery</c> costs.</summary>
    public const int BulkRunCost = 10;

    public static void Map(
        IEndpointRouteBuilder routes, SandboxWorld world, SandboxCredentials credentials, ShopifyCostBucket bucket, AdPilot.Sandbox.Access.SandboxAccessHolder access)
    {
        var token = Encoding.UTF8.GetBytes(credentials.ShopifyAdminToken);
        var bulkOperations = new ShopifyBulkOperations(world);
        var webhookSubscriptions = new ShopifyWebhookSubscriptions(world);
        routes.MapGet("/shopify/bulk/{id:long}.jsonl", (long id, string? sig) =>
            bulkOperations.Result(id, sig) is { } jsonl
                ? Results.Bytes(jsonl, "application/jsonl")
                : Results.Content("<Error><Code>AccessDenied</Code></Error>", "application/xml", statusCode: StatusCodes.Status403Forbidden));
        routes.MapPost("/shopify/admin/api/{version}/graphql.json", async (HttpContext context, string version) =>
        {
            if (!Version().IsMatch(version))
            {
                return Json(new JsonObject { ["errors"] = "Not Found" }, StatusCodes.Status404NotFound);
            }

            var given = context.Request.Headers["X-Shopify-Access-Token"].ToString();
            if (given.Length == 0 || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), token))
            {
                return Json(
                    new JsonObject { ["errors"] = "[API] Invalid API key or access token (unrecognized login or wrong password)" },
                    StatusCodes.Status401Unauthorized);
            }

            string query;
            Dictionary<string, JsonElement> variables;
            try
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
                query = body.RootElement.GetProperty("query").GetString() ?? throw new InvalidOperationException();
                variables = body.RootElement.TryGetProperty("variables", out var v) && v.ValueKind == JsonValueKind.Object
                    ? v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal)
                    : [];
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return Json(new JsonObject { ["errors"] = new JsonObject { ["query"] = "Required parameter missing or invalid" } }, StatusCodes.Status400BadRequest);
            }

            var baseUrl = new Uri($"{context.Request.Scheme}://{context.Request.Host}/");
            return Json(Execute(world, bucket, query, variables, bulkOperations, baseUrl, access.Current, webhookSubscriptions), StatusCodes.Status200OK);
        });
    }

    internal static JsonObject Execute(
        SandboxWorld world,
        ShopifyCostBucket bucket,
        string query,
        Dictionary<string, JsonElement> variables,
        ShopifyBulkOperations bulkOperations,
        Uri baseUrl,
        AdPilot.Sandbox.Access.SandboxAccess? access = null,
        ShopifyWebhookSubscriptions? webhookSubscriptions = null)
    {
        IReadOnlyList<GraphQlField> selection;
        bool isMutation;
        try
        {
            selection = GraphQlQuery.ParseOperation(query, out isMutation);
        }
        catch (GraphQlSyntaxException ex)
        {
            return Errors(Error(ex.Message, ex.Line, ex.Column, path: null, code: null), Cost(0, 0, bucket.MaximumAvailable, bucket));
        }

        var resolver = new ShopifyOrdersQuery(world, variables, bulkOperations, access: access ?? AdPilot.Sandbox.Access.SandboxAccess.Full, webhookSubscriptions: webhookSubscriptions);
        if (isMutation)
        {
            return Mutate(selection, resolver, bulkOperations, baseUrl, bucket, webhookSubscriptions, variables);
        }

        var requested = resolver.RequestedCost(selection);
        var items = new Dictionary<GraphQlField, (int Parents, int Items)>();
        JsonObject? data = null;
        GraphQlFieldException? failure = null;
        var (allowed, available) = bucket.TryTake(requested, () =>
        {
            try
            {
                data = resolver.Execute(selection, items);
                return resolver.ActualCost(selection, items);
            }
            catch (GraphQlFieldException ex)
            {
                failure = ex;
                return 0;
            }
        });

        if (!allowed)
        {
            return Throttled(requested, available, bucket);
        }

        if (failure is { } f)
        {
            return Errors(Error(f.Message, f.Field.Line, f.Field.Column, f.Path, f.Code), Cost(requested, 0, available, bucket));
        }

        return new JsonObject
        {
            ["data"] = data,
            ["extensions"] = Cost(requested, resolver.ActualCost(selection, items), available, bucket),
        };
    }

    private static JsonObject Mutate(
        IReadOnlyList<GraphQlField> selection,
        ShopifyOrdersQuery resolver,
        ShopifyBulkOperations bulkOperations,
        Uri baseUrl,
        ShopifyCostBucket bucket,
        ShopifyWebhookSubscriptions? webhookSubscriptions,
        Dictionary<string, JsonElement> variables)
    {
        string[] served = ["bulkOperationRunQuery", "webhookSubscriptionCreate", "webhookSubscriptionDelete", "__typename"];
        if (selection.FirstOrDefault(f => !served.Contains(f.Name, StringComparer.Ordinal)
            || (webhookSubscriptions is null && f.Name.StartsWith("webhook", StringComparison.Ordinal))) is { } unsupported)
        {
            return Errors(
                Error(
                    $"the sandbox serves queries only, and of mutations only bulkOperationRunQuery, webhookSubscriptionCreate and webhookSubscriptionDelete, not {unsupported.Name}",
                    unsupported.Line,
                    unsupported.Column,
                    null,
                    null),
                Cost(0, 0, bucket.MaximumAvailable, bucket));
        }

        var requested = BulkRunCost * selection.Count(f => f.Name != "__typename");
        var data = new JsonObject();
        GraphQlFieldException? failure = null;
        var (allowed, available) = bucket.TryTake(requested, () =>
        {
            try
            {
                foreach (var field in selection)
                {
                    data[field.Alias] = field.Name switch
                    {
                        "__typename" => "Mutation",
                        "webhookSubscriptionCreate" => webhookSubscriptions!.Create(field, variables, [field.Alias]),
                        "webhookSubscriptionDelete" => webhookSubscriptions!.Delete(field, variables, [field.Alias]),
                        _ => bulkOperations.Run(field, resolver.StringArgument(field, "query"), baseUrl, [field.Alias]),
                    };
                }

                return requested;
            }
            catch (GraphQlFieldException ex)
            {
                failure = ex;
                return 0;
            }
        });
        if (!allowed)
        {
            return Throttled(requested, available, bucket);
        }

        return failure is { } f
            ? Errors(Error(f.Message, f.Field.Line, f.Field.Column, f.Path, f.Code), Cost(requested, 0, available, bucket))
            : new JsonObject { ["data"] = data, ["extensions"] = Cost(requested, requested, available, bucket) };
    }

    private static JsonObject Errors(JsonObject error, JsonObject extensions) =>
        new() { ["errors"] = new JsonArray(error), ["extensions"] = extensions };

    private static JsonObject Error(string message, int line, int column, IReadOnlyList<string>? path, string? code)
    {
        var error = new JsonObject
        {
            ["message"] = message,
            ["locations"] = new JsonArray(new JsonObject { ["line"] = line, ["column"] = column }),
        };
        if (path is not null)
        {
            error["path"] = new JsonArray(["query", .. path.Select(p => (JsonNode)p)]);
        }

        if (code is not null)
        {
            error["extensions"] = new JsonObject { ["code"] = code };
        }

        return error;
    }

    private static JsonObject Cost(int requested, int? actual, double available, ShopifyCostBucket bucket) => new()
    {
        ["cost"] = new JsonObject
        {
            ["requestedQueryCost"] = requested,
            ["actualQueryCost"] = actual,
            ["throttleStatus"] = new JsonObject
            {
                ["maximumAvailable"] = bucket.MaximumAvailable,
                ["currentlyAvailable"] = (int)Math.Floor(available),
                ["restoreRate"] = bucket.RestoreRate,
            },
        },
    };

    private static IResult Json(JsonObject body, int status) =>
        Results.Content(body.ToJsonString(), "application/json", statusCode: status);

    [GeneratedRegex(@"^\d{4}-(01|04|07|10)$", RegexOptions.CultureInvariant)]
    private static partial Regex Version();

    /// <summary>Shopify's answer to a query the bucket cannot pay for now: <c>THROTTLED</c>, with the cost extension.</summary>
    private static JsonObject Throttled(int requested, double available, ShopifyCostBucket bucket) => Errors(
        new JsonObject
        {
            ["message"] = "Throttled",
            ["extensions"] = new JsonObject { ["code"] = "THROTTLED", ["documentation"] = Documentation },
        },
        Cost(requested, null, available, bucket));
}
