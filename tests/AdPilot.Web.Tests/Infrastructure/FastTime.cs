namespace AdPilot.Web.Tests.Infrastructure;

/// <summary>A clock whose timestamps run <paramref name="speed"/> times faster than the system's, so Shopify's cost bucket refills quickly.</summary>
internal sealed class FastTime(long speed) : TimeProvider
{
    private readonly long _start = System.GetTimestamp();

    public override long GetTimestamp() => _start + ((System.GetTimestamp() - _start) * speed);
}
