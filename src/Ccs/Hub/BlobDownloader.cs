using System.Net;

namespace Ccs.Hub;

/// <summary>
/// Downloads one file into <c>blobs/ETAG</c>: into <c>ETAG.incomplete</c> first, resumed with a Range request
/// when a previous try (this run or an earlier one) left part of it, checked for size and content hash, then
/// renamed into place. Mirrors file_download.py (<c>http_get</c>, <c>_download_to_tmp_and_move</c>), with the
/// resumable <c>.incomplete</c> file of earlier huggingface_hub versions.
/// </summary>
internal sealed class BlobDownloader(HubHttp http, DownloadProgress progress)
{
    /// <summary>Tries in a row that bring no new byte before giving up (http_get's <c>_nb_retries</c>).</summary>
    private const int MaxFruitlessTries = 5;
    private const int ChunkSize = 1 << 20;
    private static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(200);

    public async Task DownloadAsync(HubRepo repo, string filename, HubFileMetadata metadata, string blobPath, string lockPath,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(blobPath)!);
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        using var fileLock = await TakeLockAsync(lockPath, cancellationToken);
        if (File.Exists(blobPath)) return; // another process finished it while we waited

        string incomplete = blobPath + ".incomplete";
        string? failure = await DownloadToIncompleteAsync(repo, filename, metadata, incomplete, cancellationToken);
        if (failure is not null)
        {
            File.Delete(incomplete); // a wrong file cannot be resumed: start from scratch next time
            throw new CcsException(ExitCode.BadInput, failure);
        }
        File.Move(incomplete, blobPath, overwrite: false);
    }

    /// <summary>Fills the .incomplete file; returns a message when the result is wrong (and must be deleted).</summary>
    private async Task<string?> DownloadToIncompleteAsync(HubRepo repo, string filename, HubFileMetadata metadata, string incomplete,
        CancellationToken cancellationToken)
    {
        await using var file = OpenForWrite(incomplete);
        long have = file.Length;
        if (have > metadata.Size)
        {
            file.SetLength(0);
            have = 0;
        }
        using var hash = ContentHash.For(metadata.Etag, metadata.Size);
        if (have > 0 && hash is not null) await HashExistingAsync(file, have, hash, cancellationToken);
        file.Position = have;
        DiskSpace.Require(Path.GetDirectoryName(incomplete)!, metadata.Size - have, filename, repo);

        var transfer = new Transfer(file, hash, progress.Start(filename, metadata.Size, have)) { Have = have };
        int fruitless = 0;
        try
        {
            while (transfer.Have < metadata.Size)
            {
                long before = transfer.Have;
                try
                {
                    await FetchRestAsync(repo, filename, metadata, transfer, cancellationToken);
                }
                catch (Exception e) when (IsTransient(e, cancellationToken))
                {
                    fruitless = transfer.Have > before ? 0 : fruitless + 1;
                    if (fruitless >= MaxFruitlessTries)
                        throw new CcsException(ExitCode.BadInput,
                            $"downloading '{filename}' of {repo.Describe()} failed {fruitless} times in a row ({Reason(e)}); " +
                            $"{transfer.Have} of {metadata.Size} bytes are kept in {incomplete} and the next run resumes from there", e);
                    await Task.Delay(TimeSpan.FromMilliseconds(100 * fruitless), cancellationToken);
                }
                if (transfer.Have > metadata.Size) break;
            }
        }
        finally
        {
            transfer.Bar.Finish();
        }
        have = transfer.Have;

        if (have != metadata.Size)
            return $"downloaded '{filename}' of {repo.Describe()} has {have} bytes but the hub announced {metadata.Size}; the partial file was deleted, run again";
        if (hash is not null)
        {
            string digest = hash.Finish();
            if (!hash.Matches(digest))
                return $"checksum mismatch for '{filename}' of {repo.Describe()}: {hash.Algorithm} of the download is {digest} but the hub announced {metadata.Etag}; the download was deleted, run again";
        }
        return null;
    }

    /// <summary>One GET of the bytes not yet on disk; network failures throw with <see cref="Transfer.Have"/> up to date.</summary>
    private async Task FetchRestAsync(HubRepo repo, string filename, HubFileMetadata metadata, Transfer transfer, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(metadata.Location, transfer.Have, cancellationToken);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && transfer.Have == metadata.Size) return;
        if (!response.IsSuccessStatusCode) throw HubErrors.FromResponse(response, repo, metadata.Commit, filename, http.Endpoint);

        bool resumed = response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == transfer.Have;
        if (transfer.Have > 0 && !resumed)
        {
            // The server ignored the Range header (or answered another range): start the file again.
            transfer.Have = 0;
            transfer.File.SetLength(0);
            transfer.File.Position = 0;
            transfer.Hash?.Restart();
            transfer.Bar.Reset(0);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        byte[] buffer = new byte[ChunkSize];
        while (transfer.Have <= metadata.Size)
        {
            int read;
            using (var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                readTimeout.CancelAfter(http.ReadTimeout);
                read = await body.ReadAsync(buffer, readTimeout.Token);
            }
            if (read == 0) return;
            await WriteAsync(transfer.File, buffer.AsMemory(0, read), filename, repo, cancellationToken);
            transfer.Hash?.Append(buffer.AsSpan(0, read));
            transfer.Have += read;
            transfer.Bar.Advance(read);
        }
    }

    /// <summary>The state of one file's download across its GET requests.</summary>
    private sealed record Transfer(FileStream File, ContentHash? Hash, DownloadProgress.Bar Bar)
    {
        public long Have { get; set; }
    }

    private static async Task WriteAsync(FileStream file, ReadOnlyMemory<byte> data, string filename, HubRepo repo, CancellationToken cancellationToken)
    {
        try
        {
            await file.WriteAsync(data, cancellationToken);
        }
        catch (IOException e)
        {
            throw DiskSpace.IsDiskFull(e)
                ? new CcsException(ExitCode.BadInput, $"the disk holding {file.Name} is full while downloading '{filename}' of {repo.Describe()}; free space and run again (the download resumes)", e)
                : new CcsException(ExitCode.BadInput, $"cannot write {file.Name}: {e.Message}", e);
        }
    }

    private static FileStream OpenForWrite(string path)
    {
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CcsException(ExitCode.BadInput, $"cannot write to the Hugging Face cache at {path}: {e.Message}", e);
        }
    }

    private static async Task HashExistingAsync(FileStream file, long length, ContentHash hash, CancellationToken cancellationToken)
    {
        file.Position = 0;
        byte[] buffer = new byte[ChunkSize];
        for (long left = length; left > 0;)
        {
            int read = await file.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken);
            if (read == 0) throw new IOException($"{file.Name} shrank while it was read");
            hash.Append(buffer.AsSpan(0, read));
            left -= read;
        }
    }

    /// <summary>
    /// An exclusive lock on <c>.locks/REPO/ETAG.lock</c>, so that two processes do not download the same blob;
    /// waits while another process holds it.
    /// </summary>
    private static async Task<FileStream> TakeLockAsync(string lockPath, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(lockPath))
            {
                await Task.Delay(LockPoll, cancellationToken);
            }
        }
    }

    /// <summary>A dropped connection, a stalled read or a refused reconnect: worth another Range request.</summary>
    private static bool IsTransient(Exception e, CancellationToken cancellationToken) => e switch
    {
        HubUnreachableException or HttpRequestException => true,
        IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static string Reason(Exception e) => e is OperationCanceledException ? "no data within the read timeout" : e.Message;
}
