using System.Reflection;

namespace AdPilot.Web;

/// <summary>Files embedded in the assembly: the charting library the dashboard and the HTML reports draw with.</summary>
public static class WebAssets
{
    /// <summary>The embedded Chart.js version (Assets/chart.js/SOURCE.md).</summary>
    public const string ChartJsVersion = "4.6.1";

    private static readonly Lazy<string> ChartJsText = new(() => Read("AdPilot.Web.Assets.chart.js.chart.umd.min.js"));

    /// <summary>Gets Chart.js's UMD build (it defines the global <c>Chart</c>).</summary>
    public static string ChartJs => ChartJsText.Value;

    private static string Read(string name)
    {
        using var stream = typeof(WebAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing from {typeof(WebAssets).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
