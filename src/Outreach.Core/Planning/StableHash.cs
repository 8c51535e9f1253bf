using System.Text;

namespace Outreach.Planning;

/// <summary>
/// FNV-1a over UTF-8. <see cref="string.GetHashCode()"/> is randomised per process, and a plan must come
/// out the same on every machine and every run.
/// </summary>
public static class StableHash
{
    public static uint Of(string text)
    {
        var hash = 2166136261u;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(text) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(text, buffer)]
            : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }
        return hash;
    }

    /// <summary>Mixes two hashes into one well-spread value (a murmur3 finaliser).</summary>
    public static uint Mix(uint a, uint b)
    {
        var h = a ^ (b * 0x9E3779B1u);
        h ^= h >> 16;
        h *= 0x85EBCA6Bu;
        h ^= h >> 13;
        h *= 0xC2B2AE35u;
        h ^= h >> 16;
        return h;
    }
}
