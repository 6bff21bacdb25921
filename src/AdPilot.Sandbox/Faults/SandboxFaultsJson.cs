using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdPilot.Sandbox.Faults;

/// <summary>
/// The faults file format (docs/sandbox-faults.md), read with <see cref="JsonDocument"/> so that every error names its
/// field (<c>faults.rules[2].probability must be within [0, 1], got 1.5</c>) and written back with the injection counters.
/// </summary>
internal static class SandboxFaultsJson
{
    private static readonly (string Name, FaultPlatform Value)[] Platforms =
        [("any", FaultPlatform.Any), ("meta", FaultPlatform.Meta), ("tiktok", FaultPlatform.TikTok), ("shopify", FaultPlatform.Shopify)];

    private static readonly (string Name, FaultKind Value)[] Kinds =
    [
        ("latency", FaultKind.Latency), ("http_429", FaultKind.Http429), ("throttle", FaultKind.Throttle),
        ("usage_near_limit", FaultKind.UsageNearLimit), ("server_error", FaultKind.ServerError), ("timeout", FaultKind.Timeout),
        ("malformed_body", FaultKind.MalformedBody), ("partial_batch", FaultKind.PartialBatch), ("expired_token", FaultKind.ExpiredToken),
    ];

    private static readonly string[] RootFields = ["seed", "rules", "webhooks"];
    private static readonly string[] WebhookFields = ["duplicateProbability", "outOfOrderProbability", "failureProbability"];
    private static readonly string[] CommonRuleFields = ["platform", "endpoint", "fault", "probability", "times"];

    /// <summary>The optional fields each fault kind takes, beside <see cref="CommonRuleFields"/>.</summary>
    private static readonly Dictionary<FaultKind, string[]> KindFields = new()
    {
        [FaultKind.Latency] = ["latencyMs"],
        [FaultKind.Http429] = ["retryAfterSeconds"],
        [FaultKind.Throttle] = ["retryAfterSeconds", "status", "code"],
        [FaultKind.UsageNearLimit] = [],
        [FaultKind.ServerError] = ["status", "retryAfterSeconds", "code"],
        [FaultKind.Timeout] = ["holdMs"],
        [FaultKind.MalformedBody] = [],
        [FaultKind.PartialBatch] = ["itemProbability"],
        [FaultKind.ExpiredToken] = [],
    };

    private static readonly int[] MetaThrottleCodes = [4, 17, 613, 80000, 80004];
    private static readonly int[] TikTokThrottleCodes = [40100, 40133, 40016];
    private static readonly int[] TikTokServerCodes = [50000, 50002, 60001];

    public static string PlatformName(FaultPlatform platform) => Platforms.First(p => p.Value == platform).Name;

    public static string KindName(FaultKind kind) => Kinds.First(k => k.Value == kind).Name;

    public static SandboxFaults Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new SandboxFaultsException("faults", "faults is not valid JSON: " + OneLine(ex.Message));
        }

        using (document)
        {
            var root = document.RootElement;
            RequireObject(root, "faults");
            RequireKnown(root, "faults", RootFields);
            var seed = 0UL;
            if (root.TryGetProperty("seed", out var rawSeed) && (rawSeed.ValueKind != JsonValueKind.Number || !rawSeed.TryGetUInt64(out seed)))
            {
                throw Bad("faults.seed", "must be a whole number from 0 to 18446744073709551615", rawSeed);
            }

            var rules = new List<FaultRule>();
            if (root.TryGetProperty("rules", out var rawRules))
            {
                if (rawRules.ValueKind != JsonValueKind.Array)
                {
                    throw Bad("faults.rules", "must be an array of rules", rawRules);
                }

                var i = 0;
                foreach (var rule in rawRules.EnumerateArray())
                {
                    rules.Add(ParseRule(rule, string.Create(CultureInfo.InvariantCulture, $"faults.rules[{i++}]")));
                }
            }

            var webhooks = WebhookFaults.None;
            if (root.TryGetProperty("webhooks", out var rawWebhooks))
            {
                RequireObject(rawWebhooks, "faults.webhooks");
                RequireKnown(rawWebhooks, "faults.webhooks", WebhookFields);
                webhooks = new WebhookFaults(
                    OptionalProbability(rawWebhooks, "faults.webhooks", "duplicateProbability") ?? 0,
                    OptionalProbability(rawWebhooks, "faults.webhooks", "outOfOrderProbability") ?? 0,
                    OptionalProbability(rawWebhooks, "faults.webhooks", "failureProbability") ?? 0);
            }

            return new SandboxFaults { Seed = seed, Rules = rules, Webhooks = webhooks };
        }
    }

    private static FaultRule ParseRule(JsonElement rule, string path)
    {
        RequireObject(rule, path);
        RequireKnown(rule, path, [.. CommonRuleFields, .. KindFields.Values.SelectMany(f => f).Distinct(StringComparer.Ordinal)]);
        var platform = FaultPlatform.Any;
        if (rule.TryGetProperty("platform", out var rawPlatform))
        {
            platform = OneOf(rawPlatform, path + ".platform", Platforms);
        }

        var endpoint = FaultEndpoints.All;
        if (rule.TryGetProperty("endpoint", out var rawEndpoint))
        {
            endpoint = rawEndpoint.ValueKind == JsonValueKind.String ? rawEndpoint.GetString()! : throw Bad(path + ".endpoint", "must be a string", rawEndpoint);
            if (!FaultEndpoints.IsKnown(platform, endpoint))
            {
                var names = platform == FaultPlatform.Any
                    ? FaultEndpoints.Names.Values.SelectMany(n => n).Distinct(StringComparer.Ordinal)
                    : FaultEndpoints.Names[platform];
                throw Bad(
                    path + ".endpoint",
                    $"must be one of {{{string.Join(", ", names.Prepend(FaultEndpoints.All))}}} for platform '{PlatformName(platform)}'",
                    rawEndpoint);
            }
        }

        if (!rule.TryGetProperty("fault", out var rawFault))
        {
            throw new SandboxFaultsException(path + ".fault", $"{path}.fault is required (one of {{{string.Join(", ", Kinds.Select(k => k.Name))}}})");
        }

        var kind = OneOf(rawFault, path + ".fault", Kinds);
        var probability = OptionalProbability(rule, path, "probability")
            ?? throw new SandboxFaultsException(path + ".probability", $"{path}.probability is required (a number within [0, 1])");
        var allowed = KindFields[kind];
        foreach (var field in rule.EnumerateObject().Select(p => p.Name).Where(n => !CommonRuleFields.Contains(n, StringComparer.Ordinal)))
        {
            if (!allowed.Contains(field, StringComparer.Ordinal))
            {
                throw new SandboxFaultsException(path + "." + field, $"{path}.{field} does not apply to fault '{KindName(kind)}'");
            }
        }

        var parsed = new FaultRule
        {
            Platform = platform,
            Endpoint = endpoint,
            Fault = kind,
            Probability = probability,
            LatencyMs = OptionalInt(rule, path, "latencyMs", 1, 600_000),
            RetryAfterSeconds = OptionalInt(rule, path, "retryAfterSeconds", 0, 86_400),
            Status = OptionalInt(rule, path, "status", 100, 599),
            Code = OptionalInt(rule, path, "code", 1, int.MaxValue),
            HoldMs = OptionalInt(rule, path, "holdMs", 1, 3_600_000),
            ItemProbability = OptionalProbability(rule, path, "itemProbability"),
            Times = OptionalInt(rule, path, "times", 1, int.MaxValue),
        };
        CheckKind(parsed, rule, path);
        return parsed;
    }

    /// <summary>The rules of each fault kind about platforms, endpoints, codes and statuses.</summary>
    private static void CheckKind(FaultRule rule, JsonElement raw, string path)
    {
        var kind = KindName(rule.Fault);
        SandboxFaultsException Wrong(string field, string message) => Bad(path + "." + field, message, raw.GetProperty(field));

        switch (rule.Fault)
        {
            case FaultKind.Latency when rule.LatencyMs is null:
                throw new SandboxFaultsException(path + ".latencyMs", $"{path}.latencyMs is required for fault 'latency' (1 to 600000)");
            case FaultKind.Throttle:
                if (rule.Code is { } code)
                {
                    var codes = rule.Platform switch
                    {
                        FaultPlatform.Meta => MetaThrottleCodes,
                        FaultPlatform.TikTok => TikTokThrottleCodes,
                        _ => null,
                    };
                    if (codes is null)
                    {
                        throw Wrong("code", "applies to a throttle of platform 'meta' or 'tiktok' only");
                    }

                    if (!codes.Contains(code))
                    {
                        throw Wrong("code", $"must be one of {{{string.Join(", ", codes)}}} for a {PlatformName(rule.Platform)} throttle");
                    }
                }

                if (rule.Status is { } status && (rule.Platform != FaultPlatform.Shopify || status is not (200 or 429)))
                {
                    throw Wrong("status", "applies to a throttle of platform 'shopify' only, and must be 200 or 429");
                }

                if (rule.RetryAfterSeconds is not null && rule.Platform == FaultPlatform.TikTok)
                {
                    throw Wrong("retryAfterSeconds", "does not apply to a tiktok throttle: TikTok sends no rate-limit headers");
                }

                break;
            case FaultKind.UsageNearLimit when rule.Platform != FaultPlatform.Meta:
                throw new SandboxFaultsException(path + ".platform", $"{path}.platform must be 'meta' for fault '{kind}' (only Meta sends usage headers)");
            case FaultKind.ServerError:
                if (rule.Status is { } serverStatus && serverStatus is < 500 or > 599)
                {
                    throw Wrong("status", "must be within [500, 599]");
                }

                if (rule.Code is { } serverCode)
                {
                    if (rule.Platform != FaultPlatform.TikTok || !TikTokServerCodes.Contains(serverCode))
                    {
                        throw Wrong("code", $"applies to a server_error of platform 'tiktok' only, and must be one of {{{string.Join(", ", TikTokServerCodes)}}}");
                    }

                    if (rule.Status is not null)
                    {
                        throw Wrong("status", "cannot be given with code: a TikTok error code is answered with HTTP 200");
                    }
                }

                break;
            case FaultKind.PartialBatch:
                if (rule.Platform != FaultPlatform.Meta)
                {
                    throw new SandboxFaultsException(path + ".platform", $"{path}.platform must be 'meta' for fault 'partial_batch'");
                }

                if (rule.Endpoint != "batch")
                {
                    throw new SandboxFaultsException(path + ".endpoint", $"{path}.endpoint must be 'batch' for fault 'partial_batch', got \"{rule.Endpoint}\"");
                }

                if (rule.ItemProbability is 0)
                {
                    throw Wrong("itemProbability", "must be within (0, 1]");
                }

                break;
        }
    }

    /// <summary>The faults as the format writes them, each rule with how often it was tried and how often it hit.</summary>
    public static JsonObject ToJson(SandboxFaults faults, IReadOnlyList<(long Tried, long Injected)>? counters = null)
    {
        var rules = new JsonArray();
        for (var i = 0; i < faults.Rules.Count; i++)
        {
            var r = faults.Rules[i];
            var rule = new JsonObject
            {
                ["platform"] = PlatformName(r.Platform),
                ["endpoint"] = r.Endpoint,
                ["fault"] = KindName(r.Fault),
                ["probability"] = r.Probability,
            };
            Add(rule, "latencyMs", r.LatencyMs);
            Add(rule, "retryAfterSeconds", r.RetryAfterSeconds);
            Add(rule, "status", r.Status);
            Add(rule, "code", r.Code);
            Add(rule, "holdMs", r.HoldMs);
            if (r.ItemProbability is { } item)
            {
                rule["itemProbability"] = item;
            }

            Add(rule, "times", r.Times);
            if (counters is not null)
            {
                rule["tried"] = counters[i].Tried;
                rule["injected"] = counters[i].Injected;
            }

            rules.Add(rule);
        }

        return new JsonObject
        {
            ["seed"] = faults.Seed,
            ["rules"] = rules,
            ["webhooks"] = new JsonObject
            {
                ["duplicateProbability"] = faults.Webhooks.DuplicateProbability,
                ["outOfOrderProbability"] = faults.Webhooks.OutOfOrderProbability,
                ["failureProbability"] = faults.Webhooks.FailureProbability,
            },
        };
    }

    private static void Add(JsonObject rule, string name, int? value)
    {
        if (value is { } v)
        {
            rule[name] = v;
        }
    }

    private static T OneOf<T>(JsonElement value, string path, (string Name, T Value)[] choices)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        foreach (var (name, choice) in choices)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
            {
                return choice;
            }
        }

        throw Bad(path, $"must be one of {{{string.Join(", ", choices.Select(c => c.Name))}}}", value);
    }

    private static double? OptionalProbability(JsonElement parent, string path, string name)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var p) || double.IsNaN(p) || p < 0 || p > 1)
        {
            throw Bad(path + "." + name, "must be within [0, 1]", value);
        }

        return p;
    }

    private static int? OptionalInt(JsonElement parent, string path, string name, int min, int max)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var n) || n < min || n > max)
        {
            var range = max == int.MaxValue
                ? string.Create(CultureInfo.InvariantCulture, $"must be a whole number of at least {min}")
                : string.Create(CultureInfo.InvariantCulture, $"must be a whole number within [{min}, {max}]");
            throw Bad(path + "." + name, range, value);
        }

        return n;
    }

    private static void RequireObject(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Bad(path, "must be a JSON object", value);
        }
    }

    private static void RequireKnown(JsonElement value, string path, string[] known)
    {
        foreach (var property in value.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new SandboxFaultsException(
                    path + "." + property.Name, $"{path}.{property.Name} is not a known field (known: {string.Join(", ", known)})");
            }
        }
    }

    private static SandboxFaultsException Bad(string path, string rule, JsonElement got)
    {
        var raw = OneLine(got.GetRawText());
        if (raw.Length > 60)
        {
            raw = raw[..57] + "...";
        }

        return new SandboxFaultsException(path, $"{path} {rule}, got {raw}");
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()));
}
