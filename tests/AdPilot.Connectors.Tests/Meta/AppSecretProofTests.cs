using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Tests.TestData;

namespace AdPilot.Connectors.Tests.Meta;

public sealed class AppSecretProofTests
{
    [Fact]
    public void Compute_SdkTestVector_MatchesExpectedHex()
    {
        var vector = FixtureFiles.Json("meta", "appsecret_proof_vector.json");

        var proof = AppSecretProof.Compute((string)vector["app_secret"]!, (string)vector["access_token"]!);

        Assert.Equal((string)vector["expected_appsecret_proof"]!, proof);
    }
}
