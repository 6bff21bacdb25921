using AdPilot.Runtime.Loop;

namespace AdPilot.Runtime.Tests.Loop;

public sealed class WeightedGateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Enter_WithinCapacity_LetsWorkInSideBySide_AndMoreWaitsForRoom()
    {
        var gate = new WeightedGate(10);

        using var a = await gate.EnterAsync(4, Ct);
        var b = await gate.EnterAsync(6, Ct);
        var c = gate.EnterAsync(1, Ct);

        Assert.Equal(10, gate.Inside);
        Assert.False(c.IsCompleted);
        b.Dispose();
        using var entered = await c;
        Assert.Equal(5, gate.Inside);
    }

    [Fact]
    public async Task Enter_FirstComeFirstServed_ALightWaiterDoesNotOvertakeAHeavyOne()
    {
        var gate = new WeightedGate(10);
        var first = await gate.EnterAsync(8, Ct);

        var heavy = gate.EnterAsync(5, Ct);
        var light = gate.EnterAsync(1, Ct);

        Assert.False(heavy.IsCompleted);
        Assert.False(light.IsCompleted); // room for it, but the heavy one came first
        first.Dispose();
        using var h = await heavy;
        using var l = await light;
        Assert.Equal(6, gate.Inside);
    }

    [Fact]
    public async Task Enter_HeavierThanTheCapacity_RunsAlone()
    {
        var gate = new WeightedGate(10);
        var small = await gate.EnterAsync(1, Ct);

        var huge = gate.EnterAsync(1_000, Ct);
        Assert.False(huge.IsCompleted);
        small.Dispose();
        var lease = await huge;
        var next = gate.EnterAsync(1, Ct);

        Assert.Equal(10, lease.Weight);
        Assert.False(next.IsCompleted);
        lease.Dispose();
        (await next).Dispose();
        Assert.Equal(0, gate.Inside);
    }

    [Fact]
    public async Task Enter_Cancelled_LeavesTheQueue_AndThoseBehindMoveUp()
    {
        var gate = new WeightedGate(10);
        using var held = await gate.EnterAsync(5, Ct);
        using var cancel = new CancellationTokenSource();

        var blocked = gate.EnterAsync(10, cancel.Token);
        var behind = gate.EnterAsync(5, Ct);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked);
        using var moved = await behind;
        Assert.Equal(10, gate.Inside);
    }

    [Fact]
    public async Task Lease_DisposedTwice_GivesItsRoomBackOnce()
    {
        var gate = new WeightedGate(10);
        var lease = await gate.EnterAsync(3, Ct);
        using var other = await gate.EnterAsync(2, Ct);

        lease.Dispose();
        lease.Dispose();

        Assert.Equal(2, gate.Inside);
    }

    [Fact]
    public void Create_WithoutRoom_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => new WeightedGate(0));
}
