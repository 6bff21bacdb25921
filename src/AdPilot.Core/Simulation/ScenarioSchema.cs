using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using AdPilot.Core.Domain;

namespace AdPilot.Core.Simulation;

/// <summary>Builds the scenario JSON Schema from the scenario types, so the published schema cannot drift from the code.</summary>
internal static class ScenarioSchema
{
    public static string Build()
    {
        var exporterOptions = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = Transform,
        };
        var schema = ScenarioJsonContext.Default.Scenario.Options.GetJsonSchemaAsNode(typeof(Scenario), exporterOptions);
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "https://adpilot.dev/schemas/scenario.schema.json",
            ["title"] = "AdPilot scenario",
            ["description"] = "A simulated store, its ad market and every parameter of its world, plus a seed.",
        };
        foreach (var (key, value) in schema.AsObject().ToList())
        {
            schema.AsObject().Remove(key);
            root[key] = value;
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static JsonNode Transform(JsonSchemaExporterContext context, JsonNode schema)
    {
        if (context.TypeInfo.Type == typeof(Interests))
        {
            var items = new JsonArray();
            foreach (var name in InterestsJsonConverter.Names)
            {
                items.Add((JsonNode)JsonValue.Create(name));
            }

            schema = new JsonObject
            {
                ["type"] = "array",
                ["items"] = new JsonObject { ["enum"] = items },
                ["uniqueItems"] = true,
                ["description"] = "Interest categories; an empty array targets broadly.",
            };
        }

        var description = context.PropertyInfo?.AttributeProvider?
            .GetCustomAttributes(typeof(DescriptionAttribute), inherit: false)
            .OfType<DescriptionAttribute>()
            .FirstOrDefault()?.Description;
        if (description is not null && schema is JsonObject obj)
        {
            obj["description"] = description;
        }

        return schema;
    }
}
