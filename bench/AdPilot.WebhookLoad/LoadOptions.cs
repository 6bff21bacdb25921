using System.Globalization;

namespace AdPilot.WebhookLoad;

/// <summary>What one load run sends.</summary>
/// <param name="Url">The receiver, e.g. <c>http://127.0.0.1:5000/webhooks/shopify</c> (<c>--url</c>).</param>
/// <param name="Secret">The webhook secret the bodies are signed with (<c>--secret</c>).</param>
/// <param name="Shop">The <c>X-Shopify-Shop-Domain</c> (<c>--shop</c>).</param>
/// <param name="Prefix">Prefixes every webhook id, so runs against one database stay apart (<c>--prefix</c>).</param>
/// <param name="FirstOrderId">The order id of the first webhook; each new webhook takes the next (<c>--first-order</c>).</param>
/// <param name="Rate">Requests a second, open loop, on a fixed schedule; 0 for as fast as <see cref="Concurrency"/> allows (<c>--rate</c>).</param>
/// <param name="Seconds">How long to send (<c>--seconds</c>).</param>
/// <param name="Concurrency">Requests in flight at once in the closed-loop run (rate 0) (<c>--concurrency</c>).</param>
/// <param name="DuplicateShare">The share of requests that repeat an earlier webhook with the same id and body (<c>--duplicates</c>).</param>
/// <param name="Seed">Seeds the choice of repeats (<c>--seed</c>).</param>
internal sealed record LoadOptions(
    Uri Url, string Secret, string Shop, string Prefix, long FirstOrderId, int Rate, double Seconds, int Concurrency, double DuplicateShare, int Seed)
{
    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"expected an option name at '{args[i]}'");
            }

            values[args[i][2..]] = args[i + 1];
        }

        string Get(string name, string? fallback = null) =>
            values.TryGetValue(name, out var v) ? v : fallback ?? throw new ArgumentException($"--{name} is required");

        return new LoadOptions(
            new Uri(Get("url")),
            Get("secret"),
            Get("shop"),
            Get("prefix", "load-"),
            long.Parse(Get("first-order", "1000000"), CultureInfo.InvariantCulture),
            int.Parse(Get("rate", "1500"), CultureInfo.InvariantCulture),
            double.Parse(Get("seconds", "10"), CultureInfo.InvariantCulture),
            int.Parse(Get("concurrency", "64"), CultureInfo.InvariantCulture),
            double.Parse(Get("duplicates", "0.1"), CultureInfo.InvariantCulture),
            int.Parse(Get("seed", "1"), CultureInfo.InvariantCulture));
    }
}
