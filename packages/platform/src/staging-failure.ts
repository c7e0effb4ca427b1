/** CC's translation of the builder's exit status (failure_reason_sanitizer.rb, errors/v2.yml). */
export function stagingFailure(exitCode: number): { name: string; description: string } {
  switch (exitCode) {
    case 222:
      return { name: 'NoAppDetectedError', description: 'An app was not successfully detected by any available buildpack' };
    case 223:
      return { name: 'BuildpackCompileFailed', description: 'App staging failed in the buildpack compile phase' };
    case 224:
      return { name: 'BuildpackReleaseFailed', description: 'App staging failed in the buildpack release phase' };
    default:
      return { name: 'StagingError', description: 'Staging error: staging failed' };
  }
}
