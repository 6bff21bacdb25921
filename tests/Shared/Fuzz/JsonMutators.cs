using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdPilot.Tests.Fuzz;

/// <summary>
/// Mutations that know JSON: a value of another type, null, huge, negative, NaN or exponent numbers, huge strings, deep
/// nesting, duplicate keys, a missing required field, an unknown field. Tokens <see cref="JsonNode"/> cannot hold
/// (<c>NaN</c>, <c>1e400</c>, a duplicate key, 10,000 levels of nesting) go in as markers replaced in the text.
/// </summary>
public static class JsonMutators
{
    private static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Values that break parsers: each is raw JSON text (some are not JSON at all).</summary>
    private static readonly string[] RawValues =
    [
        "null", "true", "false", "0", "-1", "-0", "1", "0.5", "-0.0000001", "2147483648", "-2147483649", "9223372036854775808",
        "-9223372036854775809", "18446744073709551616", "123456789012345678901234567890", "1e308", "-1e308", "1e309", "-1e309",
        "1e-400", "1E+2", "4.9e-324", "NaN", "Infinity", "-Infinity", "01", "+1", ".5", "0x10",
        "\"\"", "\" \"", "\"0\"", "\"-1\"", "\"NaN\"", "\"1e309\"", "\"99999999999999999999999\"", "\"abc\"", "\"null\"",
        "\"2026-13-45\"", "\"2026-01-01T25:61:00Z\"", "\"0000-00-00\"", "\"9999-12-31T23:59:59+14:00\"", "\"\\u0000\"",
        "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\u00e9\u4e2d\ud83d\ude00\"", "\"\\\\\"", "\"gid://shopify/Order/\"",
        "\"gid://shopify/Order/-1\"", "\"USD\"", "\"usd\"", "\"XXX\"", "\"12,34\"", "\"1 234\"",
        "[]", "{}", "[null]", "{\"\":null}", "[[]]", "[1,2,3]", "[\"a\"]",
    ];

    public static IReadOnlyList<FuzzMutator> All { get; } =
    [
        new("json-replace-value", (r, b) => Mutate(r, b, ReplaceValue)),
        new("json-swap-type", (r, b) => Mutate(r, b, SwapType)),
        new("json-null", (r, b) => Mutate(r, b, (r2, m) => m.Set(m.Pick(r2), "null"))),
        new("json-remove-field", (r, b) => Mutate(r, b, RemoveField)),
        new("json-unknown-field", (r, b) => Mutate(r, b, AddUnknownField)),
        new("json-duplicate-key", (r, b) => Mutate(r, b, DuplicateKey)),
        new("json-rename-key", (r, b) => Mutate(r, b, RenameKey)),
        new("json-empty-container", (r, b) => Mutate(r, b, EmptyContainer)),
        new("json-repeat-element", (r, b) => Mutate(r, b, RepeatElement)),
        new("json-wrap", (r, b) => Mutate(r, b, Wrap)),
        new("json-deep-nesting", (r, b) => Mutate(r, b, (r2, m) => m.Set(m.Pick(r2), DeepNesting(r2)))),
        new("json-huge-string", (r, b) => Mutate(r, b, (r2, m) => m.Set(m.Pick(r2), "\"" + new string('x', r2.Chance(0.5) ? 70_000 : 1_100_000) + "\""))),
        new("json-huge-number", (r, b) => Mutate(r, b, (r2, m) => m.Set(m.PickValue(r2, JsonValueKind.Number), r2.Pick(["1e309", "-1e309", "1" + new string('9', 400), "NaN", "-0", "1e-400", "9223372036854775808"])))),
        new("json-edit-string", (r, b) => Mutate(r, b, EditString)),
    ];

    /// <summary>A JSON value made from scratch (depth at most 4) whose keys come from <paramref name="vocabulary"/>.</summary>
    public static byte[] Generate(FuzzRng r, IReadOnlyList<string> vocabulary)
    {
        var text = new StringBuilder();
        Value(3, objectOnly: r.Chance(0.8));
        return Encoding.UTF8.GetBytes(text.ToString());

        void Value(int depth, bool objectOnly = false)
        {
            var kind = objectOnly ? 0 : r.Next(depth <= 0 ? 2 : 4);
            if (kind == 0 && depth > 0)
            {
                text.Append('{');
                var n = r.Next(0, 6);
                for (var i = 0; i < n; i++)
                {
                    text.Append(i > 0 ? "," : "").Append(JsonSerializer.Serialize(vocabulary.Count > 0 && r.Chance(0.85) ? r.Pick(vocabulary) : "k" + r.Next(10))).Append(':');
                    Value(depth - 1);
                }

                text.Append('}');
            }
            else if (kind == 1 && depth > 0)
            {
                text.Append('[');
                var n = r.Next(0, 4);
                for (var i = 0; i < n; i++)
                {
                    text.Append(i > 0 ? "," : "");
                    Value(depth - 1);
                }

                text.Append(']');
            }
            else
            {
                text.Append(r.Pick(RawValues));
            }
        }
    }

    /// <summary>Every property name in the documents, for <see cref="Generate"/>.</summary>
    public static IReadOnlyList<string> Vocabulary(IEnumerable<byte[]> documents)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            try
            {
                Collect(JsonNode.Parse(document));
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
            {
                // Not JSON (a JSONL file, say): no names from it.
            }
        }

        return names.Order(StringComparer.Ordinal).ToArray();

        void Collect(JsonNode? node)
        {
            if (node is JsonObject o)
            {
                foreach (var (key, value) in o)
                {
                    names.Add(key);
                    Collect(value);
                }
            }
            else if (node is JsonArray a)
            {
                foreach (var item in a)
                {
                    Collect(item);
                }
            }
        }
    }

    private static string DeepNesting(FuzzRng r)
    {
        var depth = r.Pick([65, 200, 1_000, 10_000]);
        return r.Chance(0.5)
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
    }

    private static byte[] Mutate(FuzzRng r, byte[] bytes, Action<FuzzRng, JsonMutation> apply)
    {
        // An earlier mutation may have left text JsonNode cannot hold (a duplicate key, invalid text, nesting past its
        // writer's depth): such an input goes on as it is, to the byte mutators.
        try
        {
            var mutation = new JsonMutation(JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 256 }));
            apply(r, mutation);
            return Encoding.UTF8.GetBytes(mutation.Render());
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return bytes;
        }
    }

    private static void ReplaceValue(FuzzRng r, JsonMutation m) => m.Set(m.Pick(r), r.Pick(RawValues));

    private static void SwapType(FuzzRng r, JsonMutation m)
    {
        var slot = m.Pick(r);
        var raw = slot.Value switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>() is var s && decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                ? d.ToString(CultureInfo.InvariantCulture)
                : "[" + v.ToJsonString() + "]",
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => "\"" + v.ToJsonString() + "\"",
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => "\"" + v.ToJsonString() + "\"",
            JsonArray => "{}",
            JsonObject => "[]",
            _ => "\"\"",
        };
        m.Set(slot, raw);
    }

    private static void RemoveField(FuzzRng r, JsonMutation m)
    {
        if (m.PickObject(r) is { Count: > 0 } o)
        {
            o.Remove(o.ElementAt(r.Next(o.Count)).Key);
        }
    }

    private static void AddUnknownField(FuzzRng r, JsonMutation m)
    {
        if (m.PickObject(r) is { } o)
        {
            o["zz_unknown_" + r.Next(1000).ToString(CultureInfo.InvariantCulture)] = m.Marker(r.Pick(RawValues));
        }
    }

    private static void DuplicateKey(FuzzRng r, JsonMutation m)
    {
        if (m.PickObject(r) is { Count: > 0 } o)
        {
            var key = o.ElementAt(r.Next(o.Count)).Key;
            o[m.KeyMarker(key)] = m.Marker(r.Pick(RawValues));
        }
    }

    private static void RenameKey(FuzzRng r, JsonMutation m)
    {
        if (m.PickObject(r) is { Count: > 0 } o)
        {
            var (key, value) = o.ElementAt(r.Next(o.Count));
            var renamed = r.Pick([key.ToUpperInvariant(), key + " ", " " + key, key[..(key.Length / 2)], key + "_"]);
            if (renamed != key && !o.ContainsKey(renamed))
            {
                o.Remove(key);
                o[renamed] = value;
            }
        }
    }

    private static void EmptyContainer(FuzzRng r, JsonMutation m)
    {
        var containers = m.Slots.Where(s => s.Value is JsonArray or JsonObject).ToList();
        if (containers.Count > 0)
        {
            var slot = r.Pick(containers);
            m.Set(slot, slot.Value is JsonArray ? "[]" : "{}");
        }
    }

    private static void RepeatElement(FuzzRng r, JsonMutation m)
    {
        var arrays = m.Slots.Select(s => s.Value).OfType<JsonArray>().Where(a => a.Count > 0).ToList();
        if (arrays.Count > 0)
        {
            var array = r.Pick(arrays);
            var item = array[r.Next(array.Count)];
            for (var n = r.Chance(0.2) ? r.Next(50, 500) : r.Next(1, 4); n > 0; n--)
            {
                array.Add(item?.DeepClone());
            }
        }
    }

    private static void Wrap(FuzzRng r, JsonMutation m)
    {
        var slot = m.Pick(r);
        var inner = slot.Value?.ToJsonString(Output) ?? "null";
        m.Set(slot, r.Chance(0.5) ? "[" + inner + "]" : "{\"data\":" + inner + "}");
    }

    private static void EditString(FuzzRng r, JsonMutation m)
    {
        var slot = m.PickValue(r, JsonValueKind.String);
        if (slot.Value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
        {
            m.Set(slot, "\"\"");
            return;
        }

        var s = v.GetValue<string>();
        var edited = r.Next(7) switch
        {
            0 => "",
            1 => s[..r.Next(s.Length + 1)],
            2 => s + r.Pick(["x", "\u0000", "\ud83d\ude00", " ", "-", "9", ".5", "Z", "+25:00"]),
            3 => s.ToUpperInvariant(),
            4 => " " + s + " ",
            5 => new string(s.Reverse().ToArray()),
            _ => s.Replace('-', '/').Replace(':', '.'),
        };
        m.Set(slot, JsonSerializer.Serialize(edited, Output));
    }

    /// <summary>A parsed document under mutation, with its slots (every value and where it sits) and its raw-text markers.</summary>
    private sealed class JsonMutation
    {
        private readonly List<string> _raw = [];
        private readonly List<string> _keys = [];
        private JsonNode? _root;

        public JsonMutation(JsonNode? root)
        {
            _root = root;
            Slots = [];
            Walk(null, null, -1, root);
        }

        public List<Slot> Slots { get; }

        public Slot Pick(FuzzRng r) => r.Chance(0.05) ? Slots[0] : r.Pick(Slots);

        public Slot PickValue(FuzzRng r, JsonValueKind kind)
        {
            var matching = Slots.Where(s => s.Value is JsonValue v && v.GetValueKind() == kind).ToList();
            return matching.Count > 0 ? r.Pick(matching) : Pick(r);
        }

        public JsonObject? PickObject(FuzzRng r)
        {
            var objects = Slots.Select(s => s.Value).OfType<JsonObject>().ToList();
            return objects.Count > 0 ? r.Pick(objects) : null;
        }

        public JsonNode Marker(string raw)
        {
            _raw.Add(raw);
            return JsonValue.Create("~~RAW" + (_raw.Count - 1).ToString(CultureInfo.InvariantCulture) + "~~");
        }

        public string KeyMarker(string key)
        {
            _keys.Add(key);
            return "~~KEY" + (_keys.Count - 1).ToString(CultureInfo.InvariantCulture) + "~~";
        }

        public void Set(Slot slot, string raw)
        {
            var marker = Marker(raw);
            switch (slot.Parent)
            {
                case JsonObject o:
                    o[slot.Key!] = marker;
                    break;
                case JsonArray a:
                    a[slot.Index] = marker;
                    break;
                default:
                    _root = marker;
                    break;
            }
        }

        public string Render()
        {
            var text = _root?.ToJsonString(Output) ?? "null";
            for (var i = _raw.Count - 1; i >= 0; i--)
            {
                text = text.Replace("\"~~RAW" + i.ToString(CultureInfo.InvariantCulture) + "~~\"", _raw[i], StringComparison.Ordinal);
            }

            for (var i = _keys.Count - 1; i >= 0; i--)
            {
                text = text.Replace("~~KEY" + i.ToString(CultureInfo.InvariantCulture) + "~~", JsonEncodedText.Encode(_keys[i], JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value, StringComparison.Ordinal);
            }

            return text;
        }

        private void Walk(JsonNode? parent, string? key, int index, JsonNode? node)
        {
            Slots.Add(new Slot(parent, key, index, node));
            if (node is JsonObject o)
            {
                foreach (var (k, v) in o.ToList())
                {
                    Walk(o, k, -1, v);
                }
            }
            else if (node is JsonArray a)
            {
                for (var i = 0; i < a.Count; i++)
                {
                    Walk(a, null, i, a[i]);
                }
            }
        }
    }

    private sealed record Slot(JsonNode? Parent, string? Key, int Index, JsonNode? Value);
}
