using System.Globalization;
using Loyalty.Rules.Accrual;

namespace Loyalty.Rules;

/// <summary>
/// A surprise: a chance to win fixed bonus points on a purchase, with stated odds (0.25 to 1). The draw is
/// reproducible: it is a function of the transaction's <see cref="Transaction.DrawSeed"/> and the rule id only
/// (SplitMix64 of the seed XOR the FNV-1a hash of the id, the top 53 bits as a fraction; won when below the odds), so a
/// test or an auditor replays it from the seed. Without a seed nothing is drawn. Programs refuse odds below 25%.
/// </summary>
public sealed record SurpriseBonus : EarnPolicy
{
    /// <summary>The least odds a program accepts.</summary>
    public const decimal MinimumOdds = 0.25m;

    /// <summary>The points won; never multiplied.</summary>
    public required Points Points { get; init; }

    /// <summary>The chance of winning, from 0.25 (one in four) to 1.</summary>
    public required decimal Odds { get; init; }

    internal override EarnPolicy Freeze() => this with { When = FrozenWhen };

    internal override void Validate(ProgramCheck check, string path)
    {
        base.Validate(check, path);
        check.Award(path + ".points", Points);
        if (Odds < MinimumOdds || Odds > 1m)
        {
            check.Fail(path + ".odds", string.Create(CultureInfo.InvariantCulture,
                $"must be from {MinimumOdds} to 1, was {Odds}: the program refuses surprises won less than one time in four."));
        }
    }

    /// <summary>The draw for a seed: a number in [0, 1).</summary>
    /// <param name="seed">The transaction's draw seed.</param>
    /// <returns>The drawn number; the surprise is won when it is below <see cref="Odds"/>.</returns>
    public double Draw(long seed)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in Id)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        ulong x = unchecked((ulong)seed ^ hash);
        x = unchecked(x + 0x9E3779B97F4A7C15UL);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    internal override Step Compile(CompileContext context) => new SurpriseStep(this, context);
}
