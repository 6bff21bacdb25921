using System.Text;

namespace AdPilot.Storage.Connections;

/// <summary>Enums at rest as snake_case text (PendingApproval ↔ pending_approval), matching the schema's CHECK constraints.</summary>
internal static class EnumText
{
    public static string ToText<T>(T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    public static T Parse<T>(string text)
        where T : struct, Enum =>
        Enum.TryParse<T>(text.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new InvalidDataException($"'{text}' is not a {typeof(T).Name} in the database");
}
