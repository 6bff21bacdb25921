namespace AdPilot.Sandbox.Faults;

/// <summary>The platform and endpoint name of a request, as fault rules name them.</summary>
internal readonly record struct FaultTarget(FaultPlatform Platform, string Endpoint);
