using System.CommandLine;
using System.Globalization;

namespace AdPilot.Cli.Commands;

/// <summary>Validators shared by commands; they inspect tokens so a value that does not parse reports only the parse error.</summary>
internal static class OptionRules
{
    public static Option<int> InRange(this Option<int> option, int min, int max)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && int.TryParse(token.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                && (value < min || value > max))
            {
                result.AddError($"{option.Name} must be between {min} and {max}, got {value}");
            }
        });
        return option;
    }
}
