// stroom-view RESULTS_DIR --video OUT.mp4 [--fps 25] [--speed 10] [--from T] [--to T]
// [--size WxH]: the replay of a results folder rendered headlessly, frame by frame, to an MP4.
//
//   checks (exit 2: not a results folder, no trajectories, bad times, odd size, unwritable
//   output; exit 3: no ffmpeg, no display)
//   → App opened on the folder → for each video frame k: seek to from + k · speed / fps,
//     draw the whole window (time, legend, scale bar, criteria), read the pixels back
//   → raw RGBA frames on ffmpeg's stdin → H.264 (libx264; MPEG-4 part 2 where ffmpeg has no
//     libx264), yuv420p, in an MP4 container
//
// A progress bar goes to stderr when it is a terminal; one line saying what was written goes
// to stdout at the end. A failed encode (exit 3) or one interrupted by Ctrl-C or SIGTERM
// (exit 130) leaves no output file behind.
#pragma once

#include <string>
#include <vector>

#include "cli_options.hpp"

namespace stroom::view {

/// Exit code as the CLI's: 0 written, 2 bad input (one line on stderr), 3 no ffmpeg, no
/// display or a failed encode, 130 interrupted.
int run_video(const ViewerOptions& options);

/// The simulated time of each video frame: from, from + speed / fps, ... up to but not
/// including `to` (the video lasts (to − from) / speed seconds), at least one frame.
std::vector<double> video_frame_times(double from, double to, double speed, int fps);

/// The ffmpeg command line (argv, "ffmpeg" first) that reads raw RGBA frames of width × height,
/// top row first, at `fps` from stdin and writes an MP4 to `out` with
/// `encoder` ("libx264" or "mpeg4").
std::vector<std::string> ffmpeg_arguments(unsigned width, unsigned height, int fps,
                                          const std::string& encoder, const std::string& out);

}  // namespace stroom::view
