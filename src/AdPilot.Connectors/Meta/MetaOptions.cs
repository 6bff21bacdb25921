using System.ComponentModel.DataAnnotations;

namespace AdPilot.Connectors.Meta;

/// <summary>How to reach Meta's Marketing API. Bound from the <c>Meta</c> configuration section.</summary>
public sealed class MetaOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Meta";

    /// <summary>Gets or sets the Graph API host; the sandbox sets its own.</summary>
    /// <value>The default value is <c>https://graph.facebook.com/</c>.</value>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://graph.facebook.com/");

    /// <summary>Gets or sets the Graph API version.</summary>
    /// <value>The default value is <c>v25.0</c>.</value>
    [Required]
    [RegularExpression(@"^v\d+\.\d+$")]
    public string ApiVersion { get; set; } = "v25.0";

    /// <summary>Gets or sets the (long-lived) access token. A secret: never logged.</summary>
    [Required]
    public string AccessToken { get; set; } = "";

    /// <summary>Gets or sets the app secret that signs every call's <c>appsecret_proof</c>. A secret: never logged.</summary>
    [Required]
    public string AppSecret { get; set; } = "";

    /// <summary>Gets or sets the page size of insights and ad set reads.</summary>
    /// <value>The default value is 500.</value>
    [Range(1, 5000)]
    public int PageSize { get; set; } = 500;

    /// <summary>
    /// Gets or sets the one <c>action_type</c> counted as a purchase. Meta reports one purchase under several types
    /// (<c>purchase</c>, <c>omni_purchase</c>, <c>offsite_conversion.fb_pixel_purchase</c>…): summing them counts it
    /// several times.
    /// </summary>
    /// <value>The default value is <c>omni_purchase</c>.</value>
    [Required]
    public string PurchaseActionType { get; set; } = "omni_purchase";
}
