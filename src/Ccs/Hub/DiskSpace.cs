namespace Ccs.Hub;

/// <summary>Free-space checks for downloads (file_download.py, <c>_check_disk_space</c>, which only warns).</summary>
internal static class DiskSpace
{
    /// <summary>Fails before downloading when the cache's file system has less room than the file needs.</summary>
    public static void Require(string folder, long bytes, string filename, HubRepo repo)
    {
        long free;
        try
        {
            free = new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return; // unknown: let the writes tell
        }
        if (free < bytes)
            throw new CcsException(ExitCode.BadInput,
                $"not enough disk space in {folder} to download '{filename}' of {repo.Describe()}: {bytes / 1e6:0.0} MB needed, {free / 1e6:0.0} MB free");
    }

    /// <summary>ENOSPC on Unix (the errno is the HResult there), ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.</summary>
    public static bool IsDiskFull(IOException e) =>
        e.HResult is 28 or unchecked((int)0x80070070) or unchecked((int)0x80070027);
}
