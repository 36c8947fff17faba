//! `DATA_DIR/hearth.pid`: which process serves from a data folder, so that
//! `hearth reload` asks that server, and no other Hearth on the machine, to
//! read the content again (`pkill -HUP hearth` signals every one of them).
//! Written once the server listens; removed when it stops, unless another
//! server has taken the folder over since.

use std::io;
use std::path::{Path, PathBuf};

/// The file's name in the data folder.
pub const FILE_NAME: &str = "hearth.pid";

/// The pid file of this process, removed when dropped.
pub struct PidFile {
    path: PathBuf,
    pid: u32,
}

impl PidFile {
    /// Writes this process's id into `data_dir`, over a stale file.
    pub fn write(data_dir: &Path) -> io::Result<PidFile> {
        let path = data_dir.join(FILE_NAME);
        let pid = std::process::id();
        let temporary = data_dir.join(format!("{FILE_NAME}.{pid}"));
        std::fs::write(&temporary, format!("{pid}\n"))?;
        std::fs::rename(&temporary, &path)?;
        Ok(PidFile { path, pid })
    }
}

impl Drop for PidFile {
    fn drop(&mut self) {
        if read_pid(&self.path).ok() == Some(self.pid) {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    #[error(
        "no Hearth is serving from {0}: it has no {FILE_NAME}. Start `hearth serve` with this --data-dir, or give the --data-dir the server uses"
    )]
    NotServing(PathBuf),
    #[error("{path} could not be read ({reason}); is it a Hearth data folder?")]
    Unreadable { path: PathBuf, reason: String },
    #[error(
        "the Hearth that served from {0} has stopped (its pid file is left from then); start it again, and it reads the content as it starts"
    )]
    Stopped(PathBuf),
    #[error("could not signal process {pid}: {reason}")]
    Signal { pid: u32, reason: String },
}

fn read_pid(path: &Path) -> Result<u32, String> {
    let text = std::fs::read_to_string(path).map_err(|error| error.kind().to_string())?;
    text.trim()
        .parse()
        .map_err(|_| "it does not hold a process id".to_owned())
}

/// Asks the server serving from `data_dir` to read the content again, as
/// SIGHUP does. Returns its process id.
#[cfg(unix)]
pub fn reload(data_dir: &Path) -> Result<u32, ReloadError> {
    let path = data_dir.join(FILE_NAME);
    if !path.exists() {
        return Err(ReloadError::NotServing(data_dir.to_owned()));
    }
    let pid = read_pid(&path).map_err(|reason| ReloadError::Unreadable {
        path: path.clone(),
        reason,
    })?;
    if !is_hearth(pid) {
        return Err(ReloadError::Stopped(data_dir.to_owned()));
    }
    let target = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
        .ok_or(ReloadError::Stopped(data_dir.to_owned()))?;
    rustix::process::kill_process(target, rustix::process::Signal::HUP).map_err(|error| {
        ReloadError::Signal {
            pid,
            reason: error.to_string(),
        }
    })?;
    Ok(pid)
}

/// Without Unix signals there is nothing to send: restart to reload.
#[cfg(not(unix))]
pub fn reload(data_dir: &Path) -> Result<u32, ReloadError> {
    let pid = read_pid(&data_dir.join(FILE_NAME)).unwrap_or_default();
    Err(ReloadError::Signal {
        pid,
        reason: "this system has no SIGHUP; restart the server to reload".to_owned(),
    })
}

/// Whether process `pid` runs and is a Hearth: after a reboot the number
/// in a stale file can belong to anything.
#[cfg(unix)]
fn is_hearth(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        std::fs::read_to_string(format!("/proc/{pid}/comm"))
            .is_ok_and(|name| name.trim_end() == env!("CARGO_PKG_NAME"))
    } else {
        i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
            .is_some_and(|target| rustix::process::test_kill_process(target).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file names this process while it lives and goes with it; a
    /// folder without one, or with a stale one, is refused in words.
    #[test]
    fn the_pid_file_names_this_process_and_goes_with_it() {
        let folder = tempfile::tempdir().unwrap();
        assert!(matches!(
            reload(folder.path()),
            Err(ReloadError::NotServing(_))
        ));
        let file = PidFile::write(folder.path()).unwrap();
        assert_eq!(
            read_pid(&folder.path().join(FILE_NAME)),
            Ok(std::process::id())
        );
        drop(file);
        assert!(!folder.path().join(FILE_NAME).exists());
        // A number no process has (above Linux's largest pid).
        std::fs::write(folder.path().join(FILE_NAME), "4194305\n").unwrap();
        assert!(matches!(
            reload(folder.path()),
            Err(ReloadError::Stopped(_))
        ));
        std::fs::write(folder.path().join(FILE_NAME), "hearth\n").unwrap();
        assert!(matches!(
            reload(folder.path()),
            Err(ReloadError::Unreadable { .. })
        ));
    }
}
