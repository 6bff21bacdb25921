using System.Text;
using AdPilot.Core.Simulation.Calibration;

namespace AdPilot.Core.Tests.Simulation.Calibration;

public sealed class DataFileTests
{
    [Fact]
    public void FromBytes_Hello_HasGitsBlobId()
    {
        // `printf 'hello\n' | git hash-object --stdin`
        var file = DataFile.FromBytes("hello.txt", Encoding.ASCII.GetBytes("hello\n"));

        Assert.Equal(new DataFile("hello.txt", 6, "ce013625030ba8dba906f756967f9e9ca394464a"), file);
    }

    [Fact]
    public void FromBytes_Empty_HasGitsEmptyBlobId()
    {
        Assert.Equal("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391", DataFile.FromBytes("empty", []).GitBlobId);
    }
}
