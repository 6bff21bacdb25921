using AdPilot.Runtime.Observability;

namespace AdPilot.Runtime.Tests.Observability;

public sealed class SensitiveDataScannerTests
{
    private static readonly SensitiveDataScanner Scanner = new(
        SensitiveDataScanner.Secrets(("META__ACCESSTOKEN", "EAAB+token/with=chars"), ("SHOPIFY__WEBHOOKSECRET", "shpss_0123456789"), ("blank", " "))
            .Concat(SensitiveDataScanner.PersonalData(("email", "Jane.Doe@Example.com"), ("name", "Jane Doe"), ("initials", "JD"))));

    [Fact]
    public void Find_PlainUrlEncodedAndJsonEscapedForms_ByLabelAndPosition_NeverByValue()
    {
        var text = "first line\n"
            + "GET /v21.0/act_1/insights?access_token=EAAB%2Btoken%2Fwith%3Dchars\n"
            + """{"Message":"order for jane.doe@example.com","State":{"token":"EAAB\u002Btoken/with=chars"}}""" + "\n"
            + "secret shpss_0123456789 and Jane Doe";

        var findings = Scanner.Find(text, "run.log");

        Assert.Equal(
            [
                "run.log:2:40: Secret 'META__ACCESSTOKEN' (url-encoded)",
                "run.log:3:23: PersonalData 'email' (plain)",
                "run.log:3:63: Secret 'META__ACCESSTOKEN' (json-escaped)",
                "run.log:4:8: Secret 'SHOPIFY__WEBHOOKSECRET' (plain)",
                "run.log:4:29: PersonalData 'name' (plain)",
            ],
            findings.Select(f => f.ToString()));
        Assert.DoesNotContain(findings, f => f.ToString().Contains("EAAB", StringComparison.Ordinal));
        Assert.Equal(["initials"], Scanner.Ignored);
    }

    [Fact]
    public void Find_CleanText_FindsNothing() =>
        Assert.Empty(Scanner.Find("Cycle instagram:act_1 2026-03-15 12:00Z (Shadow): 10 ad sets, JD", "run.log"));

    [Fact]
    public void Redact_ReplacesEveryForm_WithTheLabel()
    {
        var redacted = Scanner.Redact("token EAAB+token/with=chars, url EAAB%2Btoken%2Fwith%3Dchars, JANE.DOE@example.com");

        Assert.Equal("token [redacted:META__ACCESSTOKEN], url [redacted:META__ACCESSTOKEN], [redacted:email]", redacted);
        Assert.Empty(Scanner.Find(redacted, "redacted"));
    }

    [Fact]
    public async Task FindInFileAsync_NamesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"adpilot-scan-{Guid.NewGuid():N}.log");
        await File.WriteAllTextAsync(path, "ok\nJane Doe\n", TestContext.Current.CancellationToken);
        try
        {
            var finding = Assert.Single(await Scanner.FindInFileAsync(path, TestContext.Current.CancellationToken));
            Assert.Equal((path, 2, 1), (finding.Source, finding.Line, finding.Column));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
