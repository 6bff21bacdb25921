using AdPilot.Core.Domain;
using AdPilot.Core.Features;

namespace AdPilot.Runtime.Features;

/// <summary>One ad set's state for an hour, as the featurizer built it from the database.</summary>
/// <param name="AdSet">The ad set.</param>
/// <param name="Configuration">Its stored configuration, mapped to the domain.</param>
/// <param name="State">Its state at the start of the hour.</param>
public sealed record AdSetFeatures(AdSetRef AdSet, AdSetConfiguration Configuration, AdEnvironmentState State);
