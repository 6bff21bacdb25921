using System.Security.Cryptography;
using AdPilot.Storage.Secrets;

namespace AdPilot.Storage.Tests.Secrets;

public sealed class SecretKeyTests
{
    [Fact]
    public void FromEnvironment_TheVariable_OrTheFile_OrNone()
    {
        var value = SecretKey.Generate();
        var folder = Directory.CreateTempSubdirectory("adpilot-key-").FullName;
        try
        {
            var file = Path.Combine(folder, "secret.key");
            File.WriteAllText(file, value + "\n");

            var fromVariable = SecretKey.FromEnvironment(n => n == SecretKey.KeyVariable ? value : null, null)!;
            var fromFile = SecretKey.FromEnvironment(n => n == SecretKey.KeyFileVariable ? file : null, "/somewhere/else")!;

            Assert.True(fromVariable.SameAs(fromFile));
            Assert.Equal(fromVariable.Id, fromFile.Id);
            Assert.Equal(12, fromVariable.Id.Length);
            Assert.Null(SecretKey.FromEnvironment(_ => null, null));
            Assert.Contains(SecretKey.KeyFileVariable, Assert.Throws<SecretKeyException>(() => SecretKey.Require(_ => null, null)).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("not base64 at all!!")]
    [InlineData("c2hvcnQ=")]
    [InlineData("   ")]
    public void FromBase64_MalformedOrShort_ClearErrorWithoutTheKey(string text)
    {
        var ex = Assert.Throws<SecretKeyException>(() => SecretKey.FromEnvironment(n => n == SecretKey.KeyVariable ? text : null, null) ?? SecretKey.FromBase64(text, SecretKey.KeyVariable));

        Assert.StartsWith(SecretKey.KeyVariable, ex.Message, StringComparison.Ordinal);
        Assert.Contains("32", ex.Message, StringComparison.Ordinal);
        if (text.Trim().Length > 0)
        {
            Assert.DoesNotContain(text, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FromFile_InsideTheDataDirectory_IsRefused_AndBothVariablesSet_IsRefused()
    {
        var value = SecretKey.Generate();
        var data = Directory.CreateTempSubdirectory("adpilot-data-").FullName;
        try
        {
            var file = Path.Combine(data, "keys", "secret.key");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, value);

            var inside = Assert.Throws<SecretKeyException>(() => SecretKey.FromEnvironment(n => n == SecretKey.KeyFileVariable ? file : null, data));
            var both = Assert.Throws<SecretKeyException>(() => SecretKey.FromEnvironment(n => n == SecretKey.KeyVariable ? value : file, data));

            Assert.Contains("inside the data directory", inside.Message, StringComparison.Ordinal);
            Assert.Contains("set only one", both.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(value, inside.Message + both.Message, StringComparison.Ordinal);
            Assert.Contains("cannot read", Assert.Throws<SecretKeyException>(() => SecretKey.FromFile(Path.Combine(data, "missing"), "x", null)).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void Ids_DifferPerKey_AndRevealNothingOfIt()
    {
        var bytes = RandomNumberGenerator.GetBytes(32);
        var key = SecretKey.FromBase64(Convert.ToBase64String(bytes), "test");

        Assert.NotEqual(key.Id, SecretKey.FromBase64(SecretKey.Generate(), "test").Id);
        Assert.DoesNotContain(Convert.ToHexStringLower(bytes[..6]), key.Id, StringComparison.Ordinal);
        Assert.Equal($"secret key {key.Id}", key.ToString());
    }
}
