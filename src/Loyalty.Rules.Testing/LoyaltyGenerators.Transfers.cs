using FsCheck;
using FsCheck.Fluent;

namespace Loyalty.Rules.Testing;

/// <summary>Generators of transfer, household and merge policies.</summary>
public static partial class LoyaltyGenerators
{
    /// <summary>
    /// A valid transfer policy: a minimum, with or without a maximum per month, quarter or year, no fee or a fee of 5%
    /// or 10%, household only or not, the points keeping their expiry or renewed.
    /// </summary>
    /// <returns>The generator.</returns>
    public static Gen<TransferPolicy> TransferPolicy() =>
        from minimum in Gen.Elements(1L, 100L)
        from maximum in Gen.Elements<long?>(null, 1_000L, 5_000L)
        from period in Gen.Elements(CalendarPeriod.Month, CalendarPeriod.Quarter, CalendarPeriod.Year)
        from fee in Gen.Elements(0m, 0.05m, 0.10m)
        from householdOnly in Gen.Elements(false, true)
        from expiry in Gen.Elements(TransferExpiry.Keep, TransferExpiry.Renew)
        select new TransferPolicy
        {
            Minimum = minimum,
            MaximumPerPeriod = maximum is { } max ? new Points(max) : null,
            Period = period,
            FeeRate = fee,
            HouseholdOnly = householdOnly,
            Expiry = expiry,
        };

    /// <summary>A valid household policy: 2 to 6 members, contributing none, half or all of what they earn, qualifying for tiers as one or not.</summary>
    /// <returns>The generator.</returns>
    public static Gen<HouseholdPolicy> HouseholdPolicy() =>
        from members in Gen.Choose(2, 6)
        from share in Gen.Elements(0m, 0.5m, 1m)
        from qualifies in Gen.Elements(false, true)
        select new HouseholdPolicy { MaxMembers = members, ContributionShare = share, QualifiesHousehold = qualifies };

    /// <summary>A merge policy: the higher tier, or the absorbing account's.</summary>
    /// <returns>The generator.</returns>
    public static Gen<MergePolicy> MergePolicy() => Gen.Elements(Rules.MergePolicy.Default, new Rules.MergePolicy { Tier = MergeTier.Target });
}
