using System;
using System.Buffers.Binary;
using System.Numerics;

namespace Loyalty.Rules;

/// <summary>
/// XXH64 (Yann Collet's xxHash, 64-bit, seed 0), fed in pieces: a fast non-cryptographic hash with good dispersion,
/// for event fingerprints (<see cref="EventFingerprint"/>). One instance per thread; <see cref="Reset"/> between uses.
/// </summary>
internal sealed class XxHash64
{
    private const ulong Prime1 = 0x9E3779B185EBCA87;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4F;
    private const ulong Prime3 = 0x165667B19E3779F9;
    private const ulong Prime4 = 0x85EBCA77C2B2AE63;
    private const ulong Prime5 = 0x27D4EB2F165667C5;

    private readonly byte[] held = new byte[32]; // the bytes of a stripe not yet complete
    private int heldCount;
    private ulong length;
    private ulong v1, v2, v3, v4;

    public XxHash64() => Reset();

    /// <summary>Starts over (seed 0).</summary>
    public void Reset()
    {
        (v1, v2, v3, v4) = (unchecked(Prime1 + Prime2), Prime2, 0, unchecked(0 - Prime1));
        (heldCount, length) = (0, 0);
    }

    /// <summary>Adds bytes to the hashed input.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        length = unchecked(length + (ulong)data.Length);
        if (heldCount > 0)
        {
            int take = Math.Min(32 - heldCount, data.Length);
            data[..take].CopyTo(held.AsSpan(heldCount));
            heldCount += take;
            data = data[take..];
            if (heldCount < 32)
            {
                return;
            }

            Stripe(held);
            heldCount = 0;
        }

        for (; data.Length >= 32; data = data[32..])
        {
            Stripe(data);
        }

        data.CopyTo(held);
        heldCount = data.Length;
    }

    /// <summary>The hash of everything appended since the last <see cref="Reset"/>.</summary>
    public ulong Digest()
    {
        unchecked // the hash is arithmetic modulo 2^64 (the project checks overflow elsewhere)
        {
            ulong h = length >= 32
                ? Merge(Merge(Merge(Merge(BitOperations.RotateLeft(v1, 1) + BitOperations.RotateLeft(v2, 7) + BitOperations.RotateLeft(v3, 12) + BitOperations.RotateLeft(v4, 18), v1), v2), v3), v4)
                : Prime5;
            h += length;
            ReadOnlySpan<byte> rest = held.AsSpan(0, heldCount);
            for (; rest.Length >= 8; rest = rest[8..])
            {
                h ^= Round(0, BinaryPrimitives.ReadUInt64LittleEndian(rest));
                h = (BitOperations.RotateLeft(h, 27) * Prime1) + Prime4;
            }

            if (rest.Length >= 4)
            {
                h ^= BinaryPrimitives.ReadUInt32LittleEndian(rest) * Prime1;
                h = (BitOperations.RotateLeft(h, 23) * Prime2) + Prime3;
                rest = rest[4..];
            }

            foreach (byte b in rest)
            {
                h ^= b * Prime5;
                h = BitOperations.RotateLeft(h, 11) * Prime1;
            }

            h ^= h >> 33;
            h *= Prime2;
            h ^= h >> 29;
            h *= Prime3;
            return h ^ (h >> 32);
        }
    }

    private void Stripe(ReadOnlySpan<byte> stripe)
    {
        v1 = Round(v1, BinaryPrimitives.ReadUInt64LittleEndian(stripe));
        v2 = Round(v2, BinaryPrimitives.ReadUInt64LittleEndian(stripe[8..]));
        v3 = Round(v3, BinaryPrimitives.ReadUInt64LittleEndian(stripe[16..]));
        v4 = Round(v4, BinaryPrimitives.ReadUInt64LittleEndian(stripe[24..]));
    }

    private static ulong Round(ulong accumulator, ulong input) => unchecked(BitOperations.RotateLeft(accumulator + (input * Prime2), 31) * Prime1);

    private static ulong Merge(ulong accumulator, ulong lane) => unchecked(((accumulator ^ Round(0, lane)) * Prime1) + Prime4);
}
