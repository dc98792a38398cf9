/** A stopping criterion's verdict. */
export interface StopDecision {
  /** Whether to stop labeling now. */
  stop: boolean;
  /** The quantity compared with the threshold (kappa, uncertainty, labels used). */
  value: number;
  /** The threshold it was compared with. */
  threshold: number;
  /** One line: why. */
  reason: string;
}
