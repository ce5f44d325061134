namespace ConcurrencyBench.Reporting;

/// <summary>
/// The part a case plays in what the report says across families (the article's claims, the runtimes' answer): the
/// shared report files ask a case for its role (<see cref="ReportFamily.RoleOf"/>) and never name a family's classes,
/// so a family that adds a case of a known kind adds its role in its own file.
/// </summary>
public enum CaseRole
{
    /// <summary>No part in the shared answers.</summary>
    None,

    /// <summary>N concurrent async waits of d awaited together (the seed's <c>asyncio.sleep</c> under <c>gather</c>), swept over N.</summary>
    ConcurrentWaits,

    /// <summary>The article's experiment 1: two waits of 5 s and 4 s under gather.</summary>
    ArticleTwoWaits,

    /// <summary>The article's experiment 4: 10,000 async sleeps of 1 s.</summary>
    ArticleSleeps,

    /// <summary>The article's experiment 3, default executor: 1,000 blocking sleeps of 1 s offloaded to the default pool.</summary>
    ArticleDefaultExecutor,

    /// <summary>The article's experiment 3: 1,000 blocking sleeps of 1 s on 1,000 workers.</summary>
    ArticleWorkerPerCall,

    /// <summary>N blocking calls on a dedicated pool of exactly k threads, swept over N and k.</summary>
    DedicatedPool,

    /// <summary>N blocking calls offloaded to the runtime's default pool, swept over N.</summary>
    DefaultPool,

    /// <summary>N blocking calls on a thread each.</summary>
    ThreadPerCall,

    /// <summary>N blocking calls one after the other.</summary>
    InTurn,
}

/// <summary>Roles of cases, through their families.</summary>
public static class CaseRoles
{
    /// <summary>True when <paramref name="s"/>'s family gives its case <paramref name="role"/>.</summary>
    public static bool Plays(this CaseStatistics s, CaseRole role)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.Model.Family.RoleOf(s.Case) == role;
    }

    /// <summary>The number of jobs a case runs at once: its family's count (<see cref="ReportFamily.JobsOf"/>).</summary>
    public static int JobsOf(this CaseStatistics s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.Model.Family.JobsOf(s.Case);
    }
}
