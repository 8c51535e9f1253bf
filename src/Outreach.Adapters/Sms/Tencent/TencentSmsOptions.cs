namespace Outreach.Adapters.Sms.Tencent;

/// <summary>
/// The Tencent Cloud SMS account (<c>Sms__Tencent__…</c>), used when <c>Sms__Provider</c> is <c>tencent</c>. While
/// <see cref="SecretId"/> and <see cref="SecretKey"/> are unset nothing is sent (reminders stay in the outbox); once
/// they are set, <see cref="SdkAppId"/> and <see cref="SignName"/> must be too, which the app checks at start.
/// </summary>
public sealed class TencentSmsOptions
{
    public const string DefaultEndpoint = "https://sms.tencentcloudapi.com";

    public const string DefaultRegion = "ap-guangzhou";

    /// <summary>The API's address; the default resolves to the nearest region, a regional host or a stand-in may replace it.</summary>
    public string Endpoint { get; set; } = DefaultEndpoint;

    /// <summary>The API region (<c>X-TC-Region</c>), which SendSms 2021-01-11 requires: ap-guangzhou, ap-beijing or ap-nanjing.</summary>
    public string Region { get; set; } = DefaultRegion;

    /// <summary>The API key's id (<c>AKID…</c>).</summary>
    public string? SecretId { get; set; }

    /// <summary>The API key's secret; in Azure a Key Vault reference, never a plain app setting.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The SMS application's SmsSdkAppId from the SMS console, e.g. <c>1400006666</c>.</summary>
    public string? SdkAppId { get; set; }

    /// <summary>The approved signature (签名) the messages go out under, without the 【】 the phone shows around it.</summary>
    public string? SignName { get; set; }

    public bool HasCredentials => !string.IsNullOrWhiteSpace(SecretId) && !string.IsNullOrWhiteSpace(SecretKey);
}
