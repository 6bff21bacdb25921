using System.ComponentModel.DataAnnotations;
using AdPilot.Storage.Stores;

namespace AdPilot.Runtime.Configuration;

/// <summary>
/// The store the loop runs for, bound from the <c>Store</c> section (<c>STORE_CURRENCY</c>, <c>TZ</c>,
/// <c>Store__GrossMargin</c>…). The shop domain comes from <c>SHOPIFY_STORE_DOMAIN</c>. The first run registers the store
/// with these settings; later runs bring its settings up to date and keep where its data starts.
/// </summary>
public sealed class StoreOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Store";

    /// <summary>Gets or sets the store's and its ad accounts' ISO 4217 currency (<c>STORE_CURRENCY</c>).</summary>
    [Required(ErrorMessage = "The Currency is required: set STORE_CURRENCY, e.g. USD.")]
    [RegularExpression("^[A-Z]{3}$", ErrorMessage = "The Currency must be an ISO 4217 code such as USD (STORE_CURRENCY).")]
    public string Currency { get; set; } = "";

    /// <summary>Gets or sets the store's IANA time zone (<c>TZ</c>); days, hours and daily budgets follow it.</summary>
    /// <value>The default value is <c>UTC</c>.</value>
    [Required(ErrorMessage = "The TimeZone is required: set TZ to the store's IANA time zone, e.g. America/New_York.")]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Gets or sets the gross margin, (price − cost of goods) ÷ price; it turns revenue into profit where orders carry no cost.</summary>
    /// <value>The default value is 0.5.</value>
    [Range(0.01, 0.99, ErrorMessage = "The GrossMargin must be between 0.01 and 0.99 (Store__GrossMargin), e.g. 0.6 for 60%.")]
    public decimal GrossMargin { get; set; } = 0.5m;

    /// <summary>Gets or sets the ROAS the store aims at, if any.</summary>
    [Range(0.01, 1000, ErrorMessage = "The TargetRoas must be positive (Store__TargetRoas).")]
    public decimal? TargetRoas { get; set; }

    /// <summary>Gets or sets how many days of history the first run pulls (orders; insights always replay 72 hours).</summary>
    /// <value>The default value is 28.</value>
    [Range(3, 365, ErrorMessage = "The HistoryDays must be between 3 and 365 (Store__HistoryDays).")]
    public int HistoryDays { get; set; } = 28;

    /// <summary>The store's profile for a shop domain, its data starting at <paramref name="dataSince"/>.</summary>
    /// <param name="shopDomain">The shop's domain.</param>
    /// <param name="dataSince">Where the store's data starts.</param>
    /// <returns>The profile.</returns>
    public StoreProfile ToProfile(string shopDomain, DateTimeOffset dataSince) => new()
    {
        ShopDomain = shopDomain,
        Currency = Currency,
        TimeZone = TimeZone,
        GrossMargin = GrossMargin,
        TargetRoas = TargetRoas,
        DataSince = dataSince,
    };

    /// <summary>The problems of these settings, one sentence each; empty when valid.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        return [.. results.Select(r => $"{SectionName}: {r.ErrorMessage}")];
    }

    /// <inheritdoc />
    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(TimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"The TimeZone '{TimeZone}' is not a known IANA time zone (TZ), e.g. America/New_York.", [nameof(TimeZone)]);
        }
    }
}
