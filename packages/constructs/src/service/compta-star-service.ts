import { Construct } from 'constructs';
import { BlueGreenService } from './blue-green-service';
import { BlueGreenServiceProps } from './blue-green-service-props';

/**
 * Properties of a `ComptaStarService`.
 * @deprecated use `BlueGreenServiceProps`
 */
export interface ComptaStarServiceProps extends BlueGreenServiceProps {}

/**
 * The name this construct had before it served other products than ComptaStar; it is a
 * `BlueGreenService` and keeps its construct tree, so existing stacks do not change.
 * @deprecated use `BlueGreenService`
 */
export class ComptaStarService extends BlueGreenService {
  constructor(scope: Construct, id: string, props: ComptaStarServiceProps) {
    super(scope, id, props);
  }
}
