using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace AdPilot.Connectors.Tests.Sandbox;

/// <summary>
/// Settings of the connectors' standard resilience pipelines for end-to-end fault tests, applied after the production
/// registration (<c>PostConfigureAll</c>) so only the numbers change, not which calls are retried.
/// </summary>
public static class FaultTestResilience
{
    /// <summary>The attempt timeout of <see cref="UseFakeClockAttemptTimeout"/>: above the clock's auto-advance limit.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Puts the pipelines on <paramref name="clock"/> (through the registered <see cref="TimeProvider"/>, which the
    /// pipelines read) with attempt and total timeouts far above <see cref="FaultTestClock.AutoAdvanceLimit"/>, so
    /// retry delays pass at once and timeouts never fire by accident; <paramref name="configure"/> may change the rest.
    /// </summary>
    public static void UseFakeClock(IServiceCollection services, FaultTestClock clock, Action<HttpStandardResilienceOptions>? configure = null)
    {
        services.AddSingleton<TimeProvider>(clock);
        services.PostConfigureAll<HttpStandardResilienceOptions>(o =>
        {
            o.AttemptTimeout.Timeout = TimeSpan.FromHours(1);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromHours(20);
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromHours(3);
            configure?.Invoke(o);
        });
    }

    /// <summary>
    /// Like <see cref="UseFakeClock"/>, with an attempt timeout of <see cref="AttemptTimeout"/> and one retry: for the
    /// <c>timeout</c> fault, whose hold only the client's own timer can end. The timer never fires by itself; the test
    /// advances the clock past it once the sandbox holds the attempt (<see cref="SandboxFaultControl.TimeOutHeldAttemptsAsync"/>).
    /// </summary>
    public static void UseFakeClockAttemptTimeout(IServiceCollection services, FaultTestClock clock) =>
        UseFakeClock(services, clock, o =>
        {
            o.AttemptTimeout.Timeout = AttemptTimeout;
            o.Retry.MaxRetryAttempts = 1;
        });
}
