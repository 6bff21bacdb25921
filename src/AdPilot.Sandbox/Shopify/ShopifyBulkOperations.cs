using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdPilot.Sandbox.Shopify;

/// <summary>
/// Shopify's bulk query operations (api-reference §3.4): <c>bulkOperationRunQuery</c> runs a query over every matching
/// order (no <c>first</c> needed) into a JSONL file, one object per line, each nested connection's items on lines of
/// their own with <c>__parentId</c>. An operation answers <c>CREATED</c> when started, <c>RUNNING</c> at its first poll and
/// <c>COMPLETED</c> (with the file's <c>url</c>) from the first poll after its run in the background has finished (or
/// <c>FAILED</c>), so a client must poll as with real Shopify. The file is a snapshot of the world as the run read it; its URL carries an unguessable signature, like Shopify's signed
/// storage URLs, and needs no access token. At most <see cref="MaxConcurrent"/> operations run at once.
/// </summary>
internal sealed class ShopifyBulkOperations(SandboxWorld world)
{
    /// <summary>How many bulk queries may run at once per shop (2026-01).</summary>
    public const int MaxConcurrent = 5;

    private const long FirstOperationId = 4_100_000_001;

    private readonly Lock _gate = new();
    private readonly List<Operation> _operations = [];

    /// <summary>The JSONL file of a completed operation, when <paramref name="signature"/> is its own.</summary>
    public byte[]? Result(long id, string? signature)
    {
        lock (_gate)
        {
            var operation = _operations.FirstOrDefault(o => o.Id == id);
            return operation is { Status: "COMPLETED" } && signature is not null
                && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(signature), Encoding.UTF8.GetBytes(operation.Signature))
                ? operation.Jsonl
                : null;
        }
    }

    /// <summary>Resolves <c>bulkOperationRunQuery(query:, groupObjects:)</c>.</summary>
    public JsonObject Run(GraphQlField field, string? query, Uri baseUrl, string[] path)
    {
        var userErrors = new JsonArray();
        Operation? started = null;
        if (string.IsNullOrWhiteSpace(query))
        {
            userErrors.Add(UserError("query", "Query can't be blank"));
        }
        else
        {
            lock (_gate)
            {
                if (_operations.Count(o => o.Status is "CREATED" or "RUNNING") >= MaxConcurrent)
                {
                    userErrors.Add(UserError(
                        "query", string.Create(CultureInfo.InvariantCulture, $"A maximum of {MaxConcurrent} bulk queries can run at the same time."), "LIMIT_REACHED"));
                }
                else
                {
                    try
                    {
                        // A dry run over the first matching order refuses a query the sandbox cannot run at once, as
                        // Shopify does; the full run goes on in the background, and the polls see it finish.
                        RunQuery(query, orders: 1);
                        var id = FirstOperationId + _operations.Count;
                        var signature = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                        started = new Operation(
                            id, query, world.Clock.GetUtcNow(), Task.Run(() => RunQuery(query, int.MaxValue)), signature, new Uri(baseUrl, $"shopify/bulk/{id}.jsonl?sig={signature}"));
                        _operations.Add(started);
                    }
                    catch (Exception ex) when (ex is GraphQlSyntaxException or GraphQlFieldException)
                    {
                        userErrors.Add(UserError("query", ex.Message, "INVALID"));
                    }
                }
            }
        }

        var result = new JsonObject();
        foreach (var f in Children(field, path))
        {
            result[f.Alias] = f.Name switch
            {
                "bulkOperation" => started is null ? null : Describe(f, started, [.. path, f.Alias]),
                "userErrors" => Project(f, userErrors),
                "__typename" => "BulkOperationRunQueryPayload",
                _ => throw Undefined(f, "BulkOperationRunQueryPayload", [.. path, f.Alias]),
            };
        }

        return result;
    }

    /// <summary>Resolves <c>currentBulkOperation</c>: the latest operation, moved one step on.</summary>
    public JsonObject? Current(GraphQlField field, string[] path)
    {
        lock (_gate)
        {
            return _operations.Count == 0 ? null : Describe(field, Poll(_operations[^1]), path);
        }
    }

    /// <summary>Resolves <c>bulkOperation(id:)</c>, moved one step on.</summary>
    public JsonObject? ById(GraphQlField field, string? gid, string[] path)
    {
        lock (_gate)
        {
            var operation = _operations.FirstOrDefault(o => string.Equals(o.Gid, gid, StringComparison.Ordinal));
            return operation is null ? null : Describe(field, Poll(operation), path);
        }
    }

    private Operation Poll(Operation operation)
    {
        if (operation.Status == "CREATED")
        {
            operation.Status = "RUNNING";
        }
        else if (operation.Status == "RUNNING" && operation.Run.IsCompleted)
        {
            operation.Status = operation.Run.IsCompletedSuccessfully ? "COMPLETED" : "FAILED";
            operation.CompletedAt = world.Clock.GetUtcNow();
        }

        return operation;
    }

    /// <summary>Runs the operation's query over all matching orders and writes it as JSONL.</summary>
    private BulkResult RunQuery(string query, int orders)
    {
        var selection = GraphQlQuery.Parse(query);
        if (selection.Count != 1 || selection[0].Name != "orders")
        {
            throw new GraphQlSyntaxException("the sandbox's bulk queries read one root connection, orders", 1, 1);
        }

        var resolver = new ShopifyOrdersQuery(world, new Dictionary<string, JsonElement>(StringComparer.Ordinal), bulk: true, bulkOrders: orders);
        var data = resolver.Execute(selection, new Dictionary<GraphQlField, (int Parents, int Items)>());
        var lines = new List<JsonObject>();
        var roots = 0L;
        foreach (var node in Nodes(data[selection[0].Alias]!.AsObject()))
        {
            roots++;
            Flatten(node, parentId: null, lines);
        }

        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line.ToJsonString()).Append('\n');
        }

        return new BulkResult(Encoding.UTF8.GetBytes(text.ToString()), lines.Count, roots);
    }

    /// <summary>Writes a node, then the items of each connection it holds on lines of their own that name it as their parent.</summary>
    private static void Flatten(JsonObject node, string? parentId, List<JsonObject> lines)
    {
        var copy = (JsonObject)node.DeepClone();
        var children = new List<JsonObject>();
        foreach (var (name, value) in node)
        {
            if (value is JsonObject connection && (connection.ContainsKey("edges") || connection.ContainsKey("nodes")))
            {
                copy.Remove(name);
                children.AddRange(Nodes(connection));
            }
        }

        if (parentId is not null)
        {
            copy["__parentId"] = parentId;
        }

        lines.Add(copy);
        var id = copy["id"]?.GetValue<string>();
        foreach (var child in children)
        {
            Flatten(child, id, lines);
        }
    }

    private static IEnumerable<JsonObject> Nodes(JsonObject connection)
    {
        if (connection["nodes"] is JsonArray nodes)
        {
            return nodes.OfType<JsonObject>();
        }

        return connection["edges"] is JsonArray edges ? edges.OfType<JsonObject>().Select(e => e["node"]).OfType<JsonObject>() : [];
    }

    private static JsonObject Describe(GraphQlField field, Operation operation, string[] path)
    {
        var node = new JsonObject();
        var completed = operation.Status == "COMPLETED";
        foreach (var f in Children(field, path))
        {
            node[f.Alias] = f.Name switch
            {
                "id" => operation.Gid,
                "status" => operation.Status,
                "errorCode" => operation.Status == "FAILED" ? "INTERNAL_SERVER_ERROR" : null,
                "type" => "QUERY",
                "query" => operation.Query,
                "createdAt" => Timestamp(operation.CreatedAt),
                "completedAt" => operation.CompletedAt is { } at ? Timestamp(at) : null,
                "objectCount" => (completed ? operation.Objects : 0).ToString(CultureInfo.InvariantCulture),
                "rootObjectCount" => (completed ? operation.Roots : 0).ToString(CultureInfo.InvariantCulture),
                "fileSize" => completed ? operation.Jsonl.Length.ToString(CultureInfo.InvariantCulture) : null,
                "url" => completed && operation.Jsonl.Length > 0 ? operation.Url.AbsoluteUri : null,
                "partialDataUrl" => null,
                "__typename" => "BulkOperation",
                _ => throw Undefined(f, "BulkOperation", [.. path, f.Alias]),
            };
        }

        return node;
    }

    private static JsonArray Project(GraphQlField field, JsonArray errors)
    {
        var projected = new JsonArray();
        foreach (var error in errors.OfType<JsonObject>())
        {
            var item = new JsonObject();
            foreach (var f in Children(field, ["userErrors"]))
            {
                item[f.Alias] = f.Name == "__typename" ? "BulkOperationUserError" : error[f.Name]?.DeepClone();
            }

            projected.Add(item);
        }

        return projected;
    }

    private static JsonObject UserError(string field, string message, string? code = null) =>
        new() { ["field"] = new JsonArray(field), ["message"] = message, ["code"] = code };

    private static IReadOnlyList<GraphQlField> Children(GraphQlField field, IReadOnlyList<string> path) =>
        field.Selection ?? throw new GraphQlFieldException($"Field must have selections (field '{field.Name}' returns an object)", field, path, "selectionMismatch");

    private static GraphQlFieldException Undefined(GraphQlField field, string type, IReadOnlyList<string> path) =>
        new($"Field '{field.Name}' doesn't exist on type '{type}'", field, path, "undefinedField");

    private static string Timestamp(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>What a bulk query wrote: the JSONL file, its lines, and its root objects.</summary>
    private sealed record BulkResult(byte[] Jsonl, long Objects, long Roots);

    private sealed class Operation(long id, string query, DateTimeOffset createdAt, Task<BulkResult> run, string signature, Uri url)
    {
        private static readonly BulkResult Empty = new([], 0, 0);

        public long Id { get; } = id;

        public string Gid => $"gid://shopify/BulkOperation/{Id}";

        public string Query { get; } = query;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public DateTimeOffset? CompletedAt { get; set; }

        public string Status { get; set; } = "CREATED";

        /// <summary>Gets the query's run over every matching order.</summary>
        public Task<BulkResult> Run { get; } = run;

        public byte[] Jsonl => Result.Jsonl;

        public long Objects => Result.Objects;

        public long Roots => Result.Roots;

        public string Signature { get; } = signature;

        public Uri Url { get; } = url;

        // COMPLETED is set only once the run has finished successfully, so reading its result never blocks.
        private BulkResult Result => Status == "COMPLETED" ? Run.Result : Empty;
    }
}
