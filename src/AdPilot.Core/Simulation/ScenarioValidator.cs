using AdPilot.Core.Domain;

namespace AdPilot.Core.Simulation;

/// <summary>Checks every field of a scenario and names each one that is wrong.</summary>
public static class ScenarioValidator
{
    /// <summary>Validates a scenario.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <returns>Every problem found; empty when the scenario is valid.</returns>
    public static IReadOnlyList<ScenarioError> Validate(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var errors = new Errors();
        if (scenario.SchemaVersion != Scenario.CurrentSchemaVersion)
        {
            errors.Add("schemaVersion", $"must be {Scenario.CurrentSchemaVersion}, got {scenario.SchemaVersion}");
        }

        if (string.IsNullOrWhiteSpace(scenario.Name))
        {
            errors.Add("name", "must not be empty");
        }

        ValidateStore(scenario.Store, errors);
        ValidateMarket(scenario.Market, errors);
        ValidateAdSets(scenario.AdSets, errors);
        return errors.List;
    }

    private static void ValidateStore(StoreSettings? store, Errors errors)
    {
        if (store is null)
        {
            errors.Add("store", "is required");
            return;
        }

        if (string.IsNullOrWhiteSpace(store.Domain))
        {
            errors.Add("store.domain", "must not be empty");
        }

        if (!Money.IsCurrencyCode(store.Currency))
        {
            errors.Add("store.currency", $"must be a three-letter ISO 4217 code such as USD, got '{store.Currency}'");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(store.TimeZone ?? string.Empty, out _))
        {
            errors.Add("store.timeZone", $"'{store.TimeZone}' is not a known IANA time zone (e.g. America/New_York)");
        }

        errors.Open("store.grossMargin", store.GrossMargin, 0, 1);
        errors.AtLeast("store.organicOrdersPerHour", store.OrganicOrdersPerHour, 0);
    }

    private static void ValidateMarket(MarketParameters? market, Errors errors)
    {
        if (market is null)
        {
            errors.Add("market", "is required");
            return;
        }

        errors.PositiveList("market.hourlyTraffic", market.HourlyTraffic, 24);
        errors.PositiveList("market.weekdayTraffic", market.WeekdayTraffic, 7);
        errors.PositiveList("market.hourlyConversion", market.HourlyConversion, 24);
        errors.PositiveList("market.weekdayConversion", market.WeekdayConversion, 7);
        errors.Closed("market.pacingNoise", market.PacingNoise, 0, 1);
        errors.Closed("market.dailyDemandNoise", market.DailyDemandNoise, 0, 1);

        if (market.Competition is not { } c)
        {
            errors.Add("market.competition", "is required");
        }
        else
        {
            errors.Closed("market.competition.weeklyAmplitude", c.WeeklyAmplitude, 0, 2);
            errors.Closed("market.competition.weeklyPeakHour", c.WeeklyPeakHour, 0, 167);
            errors.HalfOpen("market.competition.persistence", c.Persistence, 0, 1);
            errors.Closed("market.competition.volatility", c.Volatility, 0, 1);
            errors.Closed("market.competition.jumpProbability", c.JumpProbability, 0, 1);
            errors.Closed("market.competition.jumpSize", c.JumpSize, 0, 3);
        }

        ValidatePlatform("market.instagram", market.Instagram, errors);
        ValidatePlatform("market.tiktok", market.TikTok, errors);

        if (market.Attribution is not { } a)
        {
            errors.Add("market.attribution", "is required");
        }
        else
        {
            errors.Open("market.attribution.lagMedianHours", a.LagMedianHours, 0, 72);
            errors.Open("market.attribution.lagSigma", a.LagSigma, 0, 5);
            if (a.MaxLagHours is < 1 or > 168)
            {
                errors.Add("market.attribution.maxLagHours", $"must be between 1 and 168, got {a.MaxLagHours}");
            }

            errors.Closed("market.attribution.utmMissingRate", a.UtmMissingRate, 0, 1);
        }

        errors.AgeTable("market.ageCtr", market.AgeCtr);
        errors.AgeTable("market.ageCvr", market.AgeCvr);
        errors.AgeTable("market.ageCpm", market.AgeCpm);

        if (market.InterestAffinity is null)
        {
            errors.Add("market.interestAffinity", "is required");
        }
        else
        {
            foreach (var (name, value) in market.InterestAffinity)
            {
                if (!InterestsJsonConverter.TryParse(name, out _))
                {
                    errors.Add($"market.interestAffinity.{name}", $"unknown interest (expected one of {string.Join(", ", InterestsJsonConverter.Names)})");
                }
                else
                {
                    errors.Closed($"market.interestAffinity.{name}", value, 0.01, 10);
                }
            }
        }
    }

    private static void ValidatePlatform(string path, PlatformParameters? p, Errors errors)
    {
        if (p is null)
        {
            errors.Add(path, "is required");
            return;
        }

        errors.Closed($"{path}.maxDailyOvershoot", p.MaxDailyOvershoot, 0, 1);
        errors.Open($"{path}.learningBudgetChangeThreshold", p.LearningBudgetChangeThreshold, 0, 10);
        if (p.LearningExitConversions < 1)
        {
            errors.Add($"{path}.learningExitConversions", $"must be at least 1, got {p.LearningExitConversions}");
        }

        if (p.LearningMaxHours < 1)
        {
            errors.Add($"{path}.learningMaxHours", $"must be at least 1, got {p.LearningMaxHours}");
        }

        errors.HalfOpen($"{path}.learningCvrPenalty", p.LearningCvrPenalty, 0, 1);
        errors.Open($"{path}.reportedConversionBias", p.ReportedConversionBias, 0, 10);
    }

    private static void ValidateAdSets(IReadOnlyList<AdSetParameters>? adSets, Errors errors)
    {
        if (adSets is null || adSets.Count == 0)
        {
            errors.Add("adSets", "must hold at least one ad set");
            return;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < adSets.Count; i++)
        {
            var path = $"adSets[{i}]";
            var s = adSets[i];
            if (s is null)
            {
                errors.Add(path, "must be an object, not null");
                continue;
            }

            if (string.IsNullOrWhiteSpace(s.Id))
            {
                errors.Add($"{path}.id", "must not be empty");
            }
            else if (!ids.Add(s.Id))
            {
                errors.Add($"{path}.id", $"'{s.Id}' is used by another ad set");
            }

            if (!Enum.IsDefined(s.Platform))
            {
                errors.Add($"{path}.platform", "must be tiktok or instagram");
            }

            if (!Enum.IsDefined(s.TargetAgeGroup))
            {
                errors.Add($"{path}.targetAgeGroup", $"must be one of 18-24, 25-34, 35-44, 45-54, 55+, got {(int)s.TargetAgeGroup}");
            }

            if (!Enum.IsDefined(s.CreativeType))
            {
                errors.Add($"{path}.creativeType", $"must be one of ugc, lifestyle, product, discount, got {(int)s.CreativeType}");
            }

            if ((s.TargetInterests & ~InterestsJsonConverter.Defined) != 0)
            {
                errors.Add($"{path}.targetInterests", $"holds undefined interest flags {(int)(s.TargetInterests & ~InterestsJsonConverter.Defined)}");
            }

            if (s.MinDailyBudget <= 0)
            {
                errors.Add($"{path}.minDailyBudget", $"must be greater than 0, got {s.MinDailyBudget}");
            }

            if (s.MaxDailyBudget < s.MinDailyBudget)
            {
                errors.Add($"{path}.maxDailyBudget", $"must be at least minDailyBudget ({s.MinDailyBudget}), got {s.MaxDailyBudget}");
            }

            if (s.DailyBudget < s.MinDailyBudget || s.DailyBudget > s.MaxDailyBudget)
            {
                errors.Add($"{path}.dailyBudget", $"must be within [{s.MinDailyBudget}, {s.MaxDailyBudget}], got {s.DailyBudget}");
            }

            if (!s.BidStrategy.IsValid)
            {
                errors.Add($"{path}.bidStrategy", Enum.IsDefined(s.BidStrategy.Kind)
                    ? "cost_cap and bid_cap need a positive capPerResult; lowest_cost takes none"
                    : $"kind must be one of lowest_cost, cost_cap, bid_cap, got {(int)s.BidStrategy.Kind}");
            }

            errors.Closed($"{path}.baseCpm", s.BaseCpm, 0.01, 10_000);
            errors.Closed($"{path}.halfSaturationHourlySpend", s.HalfSaturationHourlySpend, 0.01, 1e7);
            errors.HalfOpenUpper($"{path}.hillShape", s.HillShape, 0, 1);
            errors.Closed($"{path}.competitorSensitivity", s.CompetitorSensitivity, 0, 2);
            if (s.CtrByCreative is null)
            {
                errors.Add($"{path}.ctrByCreative", "is required");
            }
            else
            {
                foreach (var creative in Enum.GetValues<CreativeType>())
                {
                    var name = $"{path}.ctrByCreative.{creative.ToString().ToLowerInvariant()}";
                    if (!s.CtrByCreative.TryGetValue(creative, out var ctr))
                    {
                        errors.Add(name, "is required (every creative group needs a click-through rate)");
                    }
                    else
                    {
                        errors.Open(name, ctr, 0, 1);
                    }
                }
            }

            errors.Open($"{path}.cvr", s.Cvr, 0, 1);
            errors.Closed($"{path}.averageOrderValue", s.AverageOrderValue, 0.01, 1e7);
            errors.Closed($"{path}.orderValueSigma", s.OrderValueSigma, 0, 2);
            errors.Closed($"{path}.fatigueHalfLifeImpressions", s.FatigueHalfLifeImpressions, 1, 1e12);
            errors.Closed($"{path}.fatigueFloor", s.FatigueFloor, 0, 1);
            errors.Closed($"{path}.fatigueRecoveryHours", s.FatigueRecoveryHours, 0.1, 1e6);
        }
    }

    private sealed class Errors
    {
        public List<ScenarioError> List { get; } = [];

        public void Add(string path, string reason) => List.Add(new ScenarioError(path, reason));

        public void Open(string path, double value, double min, double max)
        {
            if (!(value > min && value < max))
            {
                Add(path, $"must be greater than {min} and less than {max}, got {value}");
            }
        }

        public void Closed(string path, double value, double min, double max)
        {
            if (!(value >= min && value <= max))
            {
                Add(path, $"must be between {min} and {max}, got {value}");
            }
        }

        public void HalfOpen(string path, double value, double min, double max)
        {
            if (!(value >= min && value < max))
            {
                Add(path, $"must be at least {min} and less than {max}, got {value}");
            }
        }

        public void HalfOpenUpper(string path, double value, double min, double max)
        {
            if (!(value > min && value <= max))
            {
                Add(path, $"must be greater than {min} and at most {max}, got {value}");
            }
        }

        public void AtLeast(string path, double value, double min)
        {
            if (!(value >= min) || double.IsInfinity(value))
            {
                Add(path, $"must be at least {min}, got {value}");
            }
        }

        public void PositiveList(string path, IReadOnlyList<double>? values, int count)
        {
            if (values is null || values.Count != count)
            {
                Add(path, $"must hold exactly {count} numbers, got {values?.Count ?? 0}");
                return;
            }

            for (var i = 0; i < values.Count; i++)
            {
                Closed($"{path}[{i}]", values[i], 0.001, 1000);
            }
        }

        public void AgeTable(string path, IReadOnlyDictionary<AgeGroup, double>? table)
        {
            if (table is null)
            {
                Add(path, "is required");
                return;
            }

            foreach (var age in Enum.GetValues<AgeGroup>())
            {
                if (!table.TryGetValue(age, out var value))
                {
                    Add($"{path}.{age.Label()}", "is required (every age band needs a value)");
                }
                else
                {
                    Closed($"{path}.{age.Label()}", value, 0.01, 100);
                }
            }
        }
    }
}
