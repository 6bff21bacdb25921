using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdPilot.Core.Domain;

/// <summary>Reads and writes <see cref="Interests"/> as a JSON array of lower-case names, e.g. <c>["fashion","beauty"]</c>.</summary>
public sealed class InterestsJsonConverter : JsonConverter<Interests>
{
    private static readonly Interests[] All = Enum.GetValues<Interests>().Where(i => i != Interests.None).ToArray();

    /// <summary>Gets every defined interest flag together.</summary>
    public static Interests Defined { get; } = All.Aggregate(Interests.None, (set, interest) => set | interest);

    /// <summary>Gets the names of every interest, as written in JSON.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(NameOf).ToArray();

    /// <inheritdoc />
    public override Interests Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("expected an array of interest names");
        }

        var result = Interests.None;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException("expected an interest name (a string)");
            }

            var name = reader.GetString()!;
            if (!TryParse(name, out var interest))
            {
                throw new JsonException($"unknown interest '{name}' (expected one of {string.Join(", ", Names)})");
            }

            result |= interest;
        }

        return result;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Interests value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        for (var i = 0; i < All.Length; i++)
        {
            if ((value & All[i]) != 0)
            {
                writer.WriteStringValue(Names[i]);
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>Parses one interest name, ignoring case.</summary>
    /// <param name="name">The name, e.g. <c>fitness</c>.</param>
    /// <param name="interest">The interest, when known.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryParse(string name, out Interests interest)
    {
        for (var i = 0; i < All.Length; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                interest = All[i];
                return true;
            }
        }

        interest = Interests.None;
        return false;
    }

    private static string NameOf(Interests interest) => interest.ToString().ToLowerInvariant();
}
