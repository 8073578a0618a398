namespace Load;

/// <summary>What the machine was doing besides: the figures are measured on a shared machine.</summary>
public static class Machine
{
    /// <summary>The 1-minute load average (Linux), or "?" where it cannot be read.</summary>
    public static string LoadAverage =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    public static string Describe() =>
        $"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
}
